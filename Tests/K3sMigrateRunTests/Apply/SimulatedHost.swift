import Foundation
import K3sMigrateCore
@testable import K3sMigrateRun

/// A node in memory: files with content, mode and owner; a K3s service that restarts and takes
/// the flannel backend from its files; scripted failures. It answers only the commands k3smigrate
/// sends (anything else exits 127), and logs every command and write to the shared fleet.
actor SimulatedHost: RemoteHost {
    struct File: Sendable, Equatable {
        var content: [UInt8]
        var mode: UInt32
        var owner: String
        var group: String
        var text: String { String(decoding: content, as: UTF8.self) }
    }

    nonisolated let name: String
    let role: Role
    let fleet: SimulatedFleet
    private(set) var files: [String: File]
    var modules: Set<String> = ["wireguard"]
    /// For each coming restart, the service states successive `is-active` polls see (the last
    /// one stays); restarts beyond the list come up `active`.
    var restartOutcomes: [[String]] = []
    private var serviceStates: [String] = ["active"]
    /// Content a path takes right after it is backed up: someone edits the file mid-run.
    var editedAfterBackup: [String: File] = [:]
    /// Canned answers to scripts.
    var responses: [String: CommandResult] = [:]
    /// Scripts that exit 1 (with a message on stderr) instead of running, for this many runs.
    var failingCommands: [String: Int] = [:]
    /// Writes allowed to these paths; the next ones throw.
    var writeBudget: [String: Int] = [:]
    /// What `df` reports free on every file system of the host.
    var freeKiB = 1 << 20
    private(set) var restarts = 0
    private(set) var reloads = 0
    /// Scripts and written paths under which the session drops once: `true` after the operation
    /// took effect on the host (a reboot right after it), `false` before it did.
    var drops: [String: Bool] = [:]
    var dropSkips: [String: Int] = [:]
    /// Sessions opened again after a drop.
    private(set) var reconnects = 0
    /// Set by a drop: every call fails, as on a real lost session, until `reconnect`.
    private var lost = false

    init(name: String, role: Role, fleet: SimulatedFleet, files: [String: File]) {
        self.name = name
        self.role = role
        self.fleet = fleet
        self.files = files
    }

    func setRestartOutcomes(_ outcomes: [[String]]) { restartOutcomes = outcomes }
    func setResponse(_ script: String, _ result: CommandResult) { responses[script] = result }
    func setFailing(_ script: String, times: Int = .max) { failingCommands[script] = times }
    func setWriteBudget(_ path: String, _ writes: Int) { writeBudget[path] = writes }
    func setModules(_ names: Set<String>) { modules = names }
    func setFreeKiB(_ kib: Int) { freeKiB = kib }
    func setFile(_ path: String, _ file: File) { files[path] = file }
    func setEditedAfterBackup(_ path: String, _ file: File) { editedAfterBackup[path] = file }
    func file(_ path: String) -> File? { files[path] }
    /// `skipping`: the first so many such operations go through.
    func setDrop(_ scriptOrPath: String, afterEffect: Bool, skipping: Int = 0) {
        drops[scriptOrPath] = afterEffect
        dropSkips[scriptOrPath] = skipping
    }

    /// Whether the session drops under this operation (consumes the drop).
    private func takeDrop(_ key: String) -> Bool? {
        guard let after = drops[key] else { return nil }
        if let skips = dropSkips[key], skips > 0 {
            dropSkips[key] = skips - 1
            return nil
        }
        drops[key] = nil
        return after
    }

    // MARK: RemoteHost

    func run(_ command: ShellCommand, timeoutSeconds: Int) async throws -> CommandResult {
        if let restarted = try await restartAndProbe(command.script) { return restarted }
        let marker = "; echo \"\(PreflightStep.statusMarker) $?\""
        guard command.script.contains(marker) else { return try await execute(command.script) }
        // Preflight's combined checks: each `( CHECK ) > /dev/null` runs (and is logged) on its own.
        var stdout = "", stderr: [UInt8] = []
        for part in command.script.components(separatedBy: marker) where !part.isEmpty {
            var check = part.hasPrefix("; ") ? String(part.dropFirst(2)) : part
            check = String(check.dropFirst("( ".count).dropLast(" ) > /dev/null".count))
            let result = try await execute(check)
            stdout += "\(PreflightStep.statusMarker) \(result.exitStatus)\n"
            stderr += result.stderr
        }
        return CommandResult(stdout: Array(stdout.utf8), stderr: stderr, exitStatus: 0)
    }

    /// A restart step's `restart && ( probe || true )` (`RemoteCommands.restart`): the restart,
    /// then, when it succeeded, the probe, each run (and logged) on its own, as `sh` would.
    private func restartAndProbe(_ script: String) async throws -> CommandResult? {
        for manager in [ServiceManager.systemd, .openrc] {
            let service = K3sService.standard(role, manager: manager)
            guard script == RemoteCommands.restart(service, role: role).script else { continue }
            let restarted = try await execute(service.restart.script)
            guard restarted.succeeded else { return restarted }
            let probe = try await execute(role == .server ? RemoteCommands.clusterView(service).script : service.isActive.script)
            var stdout = probe.stdout
            if role == .agent, manager == .openrc { stdout = probe.succeeded ? Array("active\n".utf8) : [] }
            return CommandResult(stdout: stdout, stderr: restarted.stderr + probe.stderr, exitStatus: 0)
        }
        return nil
    }

    private func execute(_ script: String) async throws -> CommandResult {
        if lost { throw SimulatedDrop(host: name, lostEarlier: true) }
        if let after = takeDrop(script) {
            if after { _ = try await execute(script) }
            await fleet.record(name, "session dropped " + (after ? "after " : "before ") + script)
            lost = true
            throw SimulatedDrop(host: name)
        }
        await fleet.record(name, script)
        if let times = failingCommands[script], times > 0 {
            failingCommands[script] = times - 1
            return CommandResult(stderr: Array("simulated failure\n".utf8), exitStatus: 1)
        }
        if let response = responses[script] { return response }
        return await respond(to: script)
    }

    func readFile(_ path: String) async throws -> FileFact? {
        if lost { throw SimulatedDrop(host: name, lostEarlier: true) }
        guard let file = files[path] else { return nil }
        return FileFact(path: path, content: file.content, mode: file.mode, owner: file.owner, group: file.group)
    }

    func writeFile(_ path: String, content: [UInt8], mode: UInt32?, owner: String?, group: String?) async throws {
        if lost { throw SimulatedDrop(host: name, lostEarlier: true) }
        if let after = takeDrop(path) {
            if after { try await writeFile(path, content: content, mode: mode, owner: owner, group: group) }
            await fleet.record(name, "session dropped " + (after ? "after " : "before ") + "write \(path)")
            lost = true
            throw SimulatedDrop(host: name)
        }
        await fleet.record(name, "write \(path)")
        if let budget = writeBudget[path] {
            guard budget > 0 else { throw SimulatedError(message: "write of \(path) failed: read-only file system") }
            writeBudget[path] = budget - 1
        }
        let old = files[path]
        files[path] = File(content: content, mode: mode ?? old?.mode ?? 0o644, owner: owner ?? old?.owner ?? "root",
                           group: group ?? old?.group ?? "root")
    }

    func close() async {}

    func reconnect(within seconds: Double) async throws {
        lost = false
        reconnects += 1
        await fleet.record(name, "reconnect")
    }

    // MARK: commands

    private func respond(to script: String) async -> CommandResult {
        let service = role.serviceName
        let runID = fleet.runID
        for path in files.keys where RemoteCommands.backup(path, run: runID).script == script {
            return backup(path, runID: runID)
        }
        if role == .server, [ServiceManager.systemd, .openrc].contains(where: { RemoteCommands.clusterView(.standard(.server, manager: $0)).script == script }) {
            let state = serviceStates.count > 1 ? serviceStates.removeFirst() : (serviceStates.first ?? "active")
            guard state == "active" else { return CommandResult(stdout: Array((state + "\n").utf8), exitStatus: 3) }
            return CommandResult(stdout: Array(("active\n" + (await fleet.nodeListJSON())).utf8), exitStatus: 0)
        }
        switch script {
        case "systemctl is-active \(service)", "rc-service \(service) status":
            let state = serviceStates.count > 1 ? serviceStates.removeFirst() : (serviceStates.first ?? "active")
            return CommandResult(stdout: Array((state + "\n").utf8), exitStatus: state == "active" ? 0 : 3)
        case "systemctl restart \(service)", "rc-service \(service) restart":
            restarts += 1
            serviceStates = restartOutcomes.isEmpty ? ["active"] : restartOutcomes.removeFirst()
            await takeBackendOnRestart()
            return CommandResult(exitStatus: 0)
        case "systemctl daemon-reload":
            reloads += 1
            return CommandResult(exitStatus: 0)
        case "k3s --version":
            return CommandResult(stdout: Array("k3s version v1.25.16+k3s4 (abc)\n".utf8), exitStatus: 0)
        case "mkdir -p -m 0700 -- \(BackupPaths.root)":
            return CommandResult(exitStatus: 0)
        default:
            break
        }
        if script.hasPrefix("test -f ") {
            return CommandResult(exitStatus: files[String(script.dropFirst("test -f ".count))] == nil ? 1 : 0)
        }
        if script.hasPrefix("test -d /sys/module/") {
            let module = String(script.dropFirst("test -d /sys/module/".count).split(separator: " ")[0])
            return CommandResult(exitStatus: modules.contains(module) ? 0 : 1)
        }
        if script.hasPrefix("rm -f -- ") {
            files[String(script.dropFirst("rm -f -- ".count))] = nil
            return CommandResult(exitStatus: 0)
        }
        let probe = "sh -c \(ShellCommand.quote(FreeSpaceProbe.script)) sh "
        if script.hasPrefix(probe) {
            // Test paths need no quoting, so the words are the triples DIRECTORY BYTES SIZE-OF.
            let words = script.dropFirst(probe.count).split(separator: " ").map(String.init)
            let lines = stride(from: 0, to: words.count - 2, by: 3).map { i in
                let bytes = words[i + 2] == "-" ? Int(words[i + 1]) ?? 0 : files[words[i + 2]]?.content.count ?? 0
                return "\(bytes) \(freeKiB) /\n"
            }
            return CommandResult(stdout: Array(lines.joined().utf8), exitStatus: 0)
        }
        if script.hasPrefix("echo ") {
            return CommandResult(stdout: Array((String(script.dropFirst(5)) + "\n").utf8), exitStatus: 0)
        }
        return CommandResult(stderr: Array("sh: command not simulated: \(script)\n".utf8), exitStatus: 127)
    }

    private func backup(_ path: String, runID: String) -> CommandResult {
        guard let file = files[path] else { return CommandResult(stderr: Array("cp: cannot stat\n".utf8), exitStatus: 1) }
        let destination = BackupPaths.backup(of: path, run: runID)
        files[destination] = File(content: file.content, mode: 0o600, owner: "root", group: "root")
        let id = { (name: String) in name == "root" ? "0" : "1000" }
        let meta = "\(String(file.mode, radix: 8)) \(id(file.owner)) \(id(file.group)) \(file.owner) \(file.group)\n"
        files[destination + ".meta"] = File(content: Array(meta.utf8), mode: 0o644, owner: "root", group: "root")
        if let edited = editedAfterBackup.removeValue(forKey: path) { files[path] = edited }
        return CommandResult(exitStatus: 0)
    }

    /// A restarted server runs the backend its files name; an agent takes the servers' backend.
    private func takeBackendOnRestart() async {
        guard role == .server else {
            await fleet.setNode(name, backendType: await fleet.clusterBackendType)
            return
        }
        let all = files.filter { !$0.key.hasPrefix(BackupPaths.root) }.values.map(\.text).joined(separator: "\n")
        let type = all.contains("wireguard-native") ? "wireguard" : (all.contains("wireguard") ? "extension" : "vxlan")
        await fleet.setNode(name, backendType: type)
        await fleet.setClusterBackend(type)
    }
}

/// The host closed the session under an operation (a reboot): whether it took effect is unknown.
struct SimulatedDrop: RemoteFailure, CustomStringConvertible {
    var host: String
    /// The session was lost by an earlier call: nothing reached the host this time.
    var lostEarlier = false
    var commandNeverStarted: Bool { lostEarlier }
    var sessionDropped: Bool { true }
    var description: String { "host \(host): the connection was closed" }
}

struct SimulatedError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
