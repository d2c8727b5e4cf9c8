import Testing
import Foundation
@testable import K3sMigrateRun
import K3sMigrateCore

@Suite("Journal")
struct JournalTests {
    func lines(_ journal: Journal) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: journal.path, encoding: .utf8)
        #expect(text.hasSuffix("\n"))
        return try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
        }
    }

    @Test("one well-formed JSON line per event: run start, every step before and after, outcome; plan saved beside it")
    func wellFormed() async throws {
        let fleet = ApplyFleet.wireguardMixed(agents: 1)
        let plan = try fleet.plan()
        let (_, hosts) = await fleet.hosts()
        let run = ApplyRun(plan: plan, hosts: hosts, runID: fleet.runID)
        defer { run.state.remove() }
        #expect(await run.run() == .succeeded)

        let objects = try lines(run.journal)
        #expect(objects.first?["type"] as? String == "run-started")
        #expect(objects.first?["cluster"] as? String == "test" && objects.first?["playbook"] as? String == "wireguard-native")
        #expect(objects.last?["type"] as? String == "run-finished" && objects.last?["outcome"] as? String == "succeeded")
        for object in objects {
            #expect(object["run"] as? String == fleet.runID)
            #expect((object["time"] as? String).flatMap(Timestamp.date) != nil, "time is ISO-8601")
        }
        for step in plan.steps {
            let started = objects.firstIndex { $0["type"] as? String == "step-started" && $0["step"] as? String == step.id }
            let finished = objects.firstIndex { $0["type"] as? String == "step-finished" && $0["step"] as? String == step.id }
            let start = try #require(started, "\(step.id) has no start line")
            let end = try #require(finished, "\(step.id) has no end line")
            #expect(start < end)
            let line = objects[end]
            #expect(line["result"] as? String == "ok" && line["kind"] as? String == step.kind.rawValue)
            #expect(line["host"] as? String == step.host)
            let from = try #require((line["started"] as? String).flatMap(Timestamp.date))
            let to = try #require((line["ended"] as? String).flatMap(Timestamp.date))
            #expect(from <= to)
            if case .backup(let path) = step.action {
                let backup = BackupPaths.backup(of: path, run: fleet.runID)
                #expect(line["backups"] as? [String] == [backup, backup + ".meta"])
            }
        }
        let entries = try Journal.read(runID: fleet.runID, stateDir: run.state.path)
        #expect(entries.count == objects.count)
        let record = try Journal.savedPlan(runID: fleet.runID, stateDir: run.state.path)
        #expect(record.plan == SavedPlan.contentFree(plan))
        #expect(record.stepDigests == StepDigest.of(plan))
        #expect(FileManager.default.fileExists(atPath: run.journal.planJSONPath))

        let attributes = { (path: String) in (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1 }
        #expect(attributes(run.journal.directory) == 0o700)
        #expect(attributes(run.state.path + "/runs") == 0o700)
        #expect(attributes(run.journal.path) == 0o600)
        #expect(attributes(run.journal.planRecordPath) == 0o600)
    }

    /// A write from a secret source, a command printing tokens, a title and a failure naming one.
    static func secretPlan(failing: Bool) -> Plan {
        let write = Step(id: "n1/write:vpn-auth", host: "n1", role: .agent, kind: .writeFile,
                         title: "write vpn-auth joinKey=tskey-TITLE999", changes: true,
                         action: .write(FileWrite(path: "/etc/rancher/k3s/vpn-auth", mode: 0o600, content: nil,
                                                  secretSource: .environment("VPN_AUTH"), existed: false)),
                         undo: .command(ShellCommand("rm", "-f", "--", "/etc/rancher/k3s/vpn-auth")))
        let show = Step(id: "n1/command:show", host: "n1", role: .agent, kind: .command, title: "show env", changes: true,
                        action: .run(ShellCommand("show-env")), dependsOn: [write.id], undo: .command(ShellCommand("echo", "undo")))
        var steps = [write, show]
        if failing {
            steps.append(Step(id: "n1/command:fail", host: "n1", role: .agent, kind: .command, title: "fail", changes: true,
                              action: .run(ShellCommand("fail-loudly")), dependsOn: [show.id]))
        }
        return Plan(cluster: "test", playbook: "tailscale", steps: steps, skipped: [], warnings: [])
    }

    static let secrets = ["tskey-SECRET123", "K10SECRET456", "K10SECRET789", "TITLE999", "K10FAIL000"]

    @Test("secrets never reach the journal, the saved plan or the rendered events", arguments: [false, true])
    func secretsRedacted(failing: Bool) async throws {
        let fleet = SimulatedFleet(runID: "secret-run")
        let host = SimulatedHost(name: "n1", role: .agent, fleet: fleet, files: [:])
        await host.setResponse("show-env", CommandResult(stdout: Array("K3S_TOKEN=K10SECRET456\ntoken: K10SECRET789\n".utf8), exitStatus: 0))
        await host.setResponse("fail-loudly", CommandResult(stderr: Array("bad token: K10FAIL000\n".utf8), exitStatus: 2))
        let plan = Self.secretPlan(failing: failing)
        let run = ApplyRun(plan: plan, hosts: ["n1": host], runID: "secret-run") {
            $0.environment = ["VPN_AUTH": "name=tailscale,joinKey=tskey-SECRET123"]
        }
        defer { run.state.remove() }

        let outcome = await run.run()
        #expect(failing ? outcome.name == "rolled-back" : outcome == .succeeded)
        if !failing {
            #expect(await host.file("/etc/rancher/k3s/vpn-auth")?.text == "name=tailscale,joinKey=tskey-SECRET123")
        }
        var texts = [try String(contentsOfFile: run.journal.path, encoding: .utf8),
                     try String(contentsOfFile: run.journal.planJSONPath, encoding: .utf8)]
        texts += run.recorder.all.compactMap { EventLineRenderer.render($0) }
        texts += run.recorder.all.map { EventJSONRenderer.render($0, runID: "secret-run") }
        for text in texts {
            for secret in Self.secrets {
                #expect(!text.contains(secret), "\(secret) leaked into: \(text.prefix(300))")
            }
        }
        #expect(texts[0].contains(Redactor.mask), "the command output was kept, redacted")
    }

    @Test("a missing secret fails before any change and names the source, not a value")
    func missingSecret() async throws {
        let fleet = SimulatedFleet(runID: "secret-run")
        let host = SimulatedHost(name: "n1", role: .agent, fleet: fleet, files: [:])
        let run = ApplyRun(plan: Self.secretPlan(failing: false), hosts: ["n1": host], runID: "secret-run")
        defer { run.state.remove() }
        guard case .failedBeforeChanges(let problems) = await run.run() else {
            Issue.record("expected .failedBeforeChanges")
            return
        }
        #expect(problems.map(\.rule) == ["secret"])
        #expect(problems[0].message.contains("environment variable VPN_AUTH"))
        #expect(await fleet.log.isEmpty)
    }

    @Test("runs are listed with start time, cluster, playbook and outcome, oldest first")
    func list() async throws {
        let state = TemporaryStateDirectory()
        defer { state.remove() }
        for (id, dryRun) in [("20250101-000000-aaaa", true), ("20250102-000000-bbbb", false)] {
            var fleet = ApplyFleet.wireguardMixed(agents: 1)
            fleet.runID = id
            let (_, hosts) = await fleet.hosts()
            let run = ApplyRun(plan: try fleet.plan(), hosts: hosts, runID: id, state: state) { $0.dryRun = dryRun }
            #expect(await run.run() == .succeeded)
        }
        let runs = Journal.list(stateDir: state.path)
        #expect(runs.map(\.runID) == ["20250101-000000-aaaa", "20250102-000000-bbbb"])
        #expect(runs.map(\.dryRun) == [true, false])
        #expect(runs.allSatisfy { $0.cluster == "test" && $0.playbook == "wireguard-native" && $0.outcome == "succeeded" })
        #expect(runs.allSatisfy { $0.startedAt != nil })
        #expect(Journal.list(stateDir: state.path + "/nowhere").isEmpty)
    }

    @Test("reading a run that does not exist, or a run id that is a path, fails with a clear message")
    func readErrors() {
        #expect(throws: DiagnosticsError.self) { try Journal.read(runID: "nope", stateDir: "/nonexistent") }
        do {
            _ = try Journal.read(runID: "../etc", stateDir: "/tmp")
            Issue.record("a path was accepted as a run id")
        } catch {
            #expect(error.description.contains("not a run id"))
        }
    }
}
