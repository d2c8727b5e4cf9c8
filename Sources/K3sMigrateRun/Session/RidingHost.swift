import K3sMigrateCore

/// A session whose first command carries a second one along, so that two round trips become one.
/// `apply` takes each host's lock with its first command; the facts script rides along in the same
/// remote script, right after the lock (so the facts are still read under the lock), and its answer
/// is kept for the moment the facts are asked for, once. A later command that is not byte for byte
/// the rider runs as usual; a rider that failed is not kept (it runs again and reports its own error).
actor RidingHost: RemoteHost {
    nonisolated let name: String
    private let base: any RemoteHost
    private var rider: ShellCommand?
    private var kept: CommandResult?
    /// The rider's own limit (the facts script's), when longer than the first command's.
    private let riderTimeout: Int

    static let marker = "@@k3smigrate-rider"

    init(base: any RemoteHost, rider: ShellCommand, riderTimeout: Int = FactsGatherer.defaultTimeoutSeconds) {
        self.name = base.name
        self.base = base
        self.rider = rider
        self.riderTimeout = riderTimeout
    }

    func run(_ command: ShellCommand, timeoutSeconds: Int) async throws -> CommandResult {
        try await run(command, timeoutSeconds: timeoutSeconds, maxOutputBytes: .max)
    }

    /// The carrying command is capped too (the rider is the facts script: `FactsGatherer.maxReplyBytes`
    /// plus room for the first command's few lines); a rider cut there is not kept, so the facts
    /// are asked again on their own and refused as too large.
    func run(_ command: ShellCommand, timeoutSeconds: Int, maxOutputBytes: Int) async throws -> CommandResult {
        if let kept, command.script == rider?.script {
            self.kept = nil
            rider = nil
            if kept.stdout.count + kept.stderr.count > maxOutputBytes {
                return CommandResult(stdout: Array(kept.stdout.prefix(maxOutputBytes)), exitStatus: -1, outputLimitExceeded: true)
            }
            return kept
        }
        guard let carried = rider, kept == nil, command.script != carried.script else {
            // Only the first command carries the rider (when it is the rider itself, nothing to carry).
            if kept == nil { rider = nil }
            return try await base.run(command, timeoutSeconds: timeoutSeconds, maxOutputBytes: maxOutputBytes)
        }
        rider = nil
        let both = command.grouped.then(.literal("printf '\\n@@k3smigrate-rider %s\\n' \"$?\"")).then(carried.grouped)
        let cap = FactsGatherer.maxReplyBytes + max(0, min(maxOutputBytes, 1 << 20))
        let result = try await base.run(both, timeoutSeconds: max(timeoutSeconds, riderTimeout), maxOutputBytes: cap)
        guard let (first, second) = RidingHost.split(result) else { return result }
        if second.succeeded {
            kept = second
            rider = carried
        }
        return first
    }

    func readFile(_ path: String) async throws -> FileFact? { try await base.readFile(path) }

    func writeFile(_ path: String, content: [UInt8], mode: UInt32?, owner: String?, group: String?) async throws {
        try await base.writeFile(path, content: content, mode: mode, owner: owner, group: group)
    }

    func close() async { await base.close() }

    func reconnect(within seconds: Double) async throws { try await base.reconnect(within: seconds) }

    /// The first command's result (its stdout up to the marker, its status from the marker, all
    /// of stderr) and the rider's (stdout after the marker, the script's exit status).
    static func split(_ result: CommandResult) -> (CommandResult, CommandResult)? {
        let stdout = result.stdout
        let needle = Array("\n\(marker) ".utf8)
        guard let start = firstRange(of: needle, in: stdout) else { return nil }
        let afterMarker = start + needle.count
        guard let lineEnd = stdout[afterMarker...].firstIndex(of: UInt8(ascii: "\n")),
              let status = Int32(String(decoding: stdout[afterMarker..<lineEnd], as: UTF8.self)) else { return nil }
        let first = CommandResult(stdout: Array(stdout[..<start]), stderr: result.stderr, exitStatus: status)
        let second = CommandResult(stdout: Array(stdout[(lineEnd + 1)...]), stderr: [], exitStatus: result.exitStatus,
                                   exitSignal: result.exitSignal, outputLimitExceeded: result.outputLimitExceeded)
        return (first, second)
    }

    private static func firstRange(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        var i = 0
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0], Array(bytes[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}
