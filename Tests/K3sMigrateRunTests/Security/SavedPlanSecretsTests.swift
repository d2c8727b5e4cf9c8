import Foundation
import Testing
@testable import K3sMigrateCore
@testable import K3sMigrateRun

@Suite("Saved plans and journals hold digests, not contents or secrets")
struct SavedPlanSecretsTests {
    let fleet = SecretFleet.fleet()

    func saved(_ plan: Plan) -> SavedPlan {
        SavedPlan.make(plan: plan, facts: fleet.facts, inventory: fleet.inventory, inventoryText: "cluster: test\n",
                       options: PlanOptions(), playbookSource: "wireguard-native")
    }

    @Test("plan --out: the file has no secret and no node content, only digests")
    func savedPlanFile() throws {
        let plan = try fleet.plan()
        #expect(plan.steps.contains { if case .edit(let c) = $0.action { c.before.contains(SecretFleet.token) } else { false } },
                "the attack: the plan edits a file that holds the token")
        let dir = try SecretFleet.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try saved(plan).write(to: dir + "/plan.json")
        #expect(SecretFleet.leaks(under: dir, content: true).isEmpty, "\(SecretFleet.leaks(under: dir, content: true))")
        let back = try SavedPlan.read(from: dir + "/plan.json")
        #expect(back.stepDigests == StepDigest.of(plan))
        #expect(back.plan.steps.map(\.id) == plan.steps.map(\.id))
    }

    @Test("an executor run leaves no secret and no node content anywhere in the state directory")
    func stateDirectory() async throws {
        let plan = try fleet.plan()
        let (_, hosts) = await fleet.hosts()
        let run = ApplyRun(plan: plan, hosts: hosts, runID: fleet.runID)
        defer { run.state.remove() }
        #expect(await run.run() == .succeeded)
        let leaks = SecretFleet.leaks(under: run.state.path)
        #expect(leaks.isEmpty, "\(leaks)")
        #expect(FileManager.default.fileExists(atPath: run.journal.planRecordPath))
        let record = String(decoding: FileManager.default.contents(atPath: run.journal.planRecordPath) ?? Data(), as: UTF8.self)
        #expect(!record.contains(SecretFleet.plainLine), "the plan record holds no node content")
    }

    @Test("re-deriving from the same facts and inputs gives the recorded steps")
    func verifySame() throws {
        let plan = try fleet.plan()
        try saved(plan).verify(try fleet.plan())
    }

    @Test("a fleet that would now give another step is refused, naming the first step that differs")
    func verifyDifferent() throws {
        let saved = saved(try fleet.plan())
        var changed = fleet
        changed.nodes[1].files[K3sPaths.config] = ApplyFleet.file("server: https://10.9.0.1:6443\nflannel-backend: wireguard\n# edited\n")
        let failure = #expect(throws: DiagnosticsError.self) { try saved.verify(try changed.plan()) }
        let diagnostic = try #require(failure?.diagnostics.first)
        #expect(diagnostic.rule == "plan-drift")
        #expect(diagnostic.host == "s2")
        #expect(diagnostic.message.hasPrefix("step s2/edit:config.yaml is not the step the plan recorded"), "\(diagnostic.message)")
    }

    @Test("an edited plan file is harmless: a changed digest is refused; a changed step text is never run")
    func editedPlanFile() throws {
        let plan = try fleet.plan()
        let dir = try SecretFleet.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/plan.json"
        try saved(plan).write(to: path)
        let text = String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self)

        // The attacker rewrites a command in the readable steps: apply never runs those, it runs
        // the re-derived plan, whose steps match the digests.
        let edited = text.replacingOccurrences(of: "\"script\":\"systemctl daemon-reload\"", with: "\"script\":\"rm -rf /\"")
        #expect(edited != text)
        try Data(edited.utf8).write(to: URL(fileURLWithPath: path))
        let tampered = try SavedPlan.read(from: path)
        try tampered.verify(plan)

        // The attacker changes a digest to match another step: refused, naming it.
        var digests = tampered
        let victim = try #require(plan.steps.first { $0.changes })
        digests.stepDigests[victim.id] = StepDigest.of(plan.steps[0])
        let failure = #expect(throws: DiagnosticsError.self) { try digests.verify(plan) }
        #expect(failure?.diagnostics.first?.message.contains("step \(victim.id) ") == true)
    }

    /// Live facts as the simulated hosts have them now.
    func liveFacts(_ hosts: [String: SimulatedHost]) async throws -> FleetFacts {
        var facts = fleet.facts
        for node in fleet.nodes {
            for path in node.files.keys {
                facts.hosts[node.name]?.files[path] = try await hosts[node.name]!.readFile(path)
            }
        }
        return facts
    }

    func interrupted() async throws -> (ApplyRun, [String: SimulatedHost]) {
        let plan = try fleet.plan()
        let (_, hosts) = await fleet.hosts()
        var run = ApplyRun(plan: plan, hosts: hosts, runID: fleet.runID)
        let record = saved(plan)
        let journal = Journal(runID: fleet.runID, stateDir: run.state.path, record: record)
        let executor = Executor(plan: plan, hosts: hosts.remote, options: run.options, journal: journal, events: run.recorder.sink)
        run.recorder.onEvent { event in
            if case .stepFinished(let step, _) = event, step.id == "s1/health" { executor.requestStop() }
        }
        #expect(await executor.run() == .interrupted)
        run.options.runID = fleet.runID
        return (run, hosts)
    }

    @Test("resume re-derives the remaining steps from live facts and the backups, then finishes")
    func resume() async throws {
        let (first, hosts) = try await interrupted()
        defer { first.state.remove() }
        let record = try Journal.savedPlan(runID: fleet.runID, stateDir: first.state.path)
        let entries = try Journal.read(runID: fleet.runID, stateDir: first.state.path)
        let done = ResumePoint(entries: entries).done
        #expect(done.contains("s1/edit:config.yaml"))
        let live = try await liveFacts(hosts)
        #expect(live["s1"]?.file(K3sPaths.config)?.text.contains("wireguard-native") == true, "s1 was edited")

        let original = try await ResumeFacts.original(live, plan: record.plan, done: done, runID: fleet.runID, hosts: hosts.remote)
        let derived = try Planner.plan(inventory: fleet.inventory, playbook: ApplyFleet.playbook(), facts: original, options: record.options)
        let merged = try record.resumable(derived, done: done)
        #expect(merged.steps.map(\.id) == first.plan.steps.map(\.id))
        for (step, full) in zip(merged.steps, first.plan.steps) where !done.contains(step.id) { #expect(step == full) }

        let second = ApplyRun(plan: merged, hosts: hosts, runID: fleet.runID, state: first.state)
        #expect(await second.executor(resumeFrom: entries).run() == .succeeded)
        #expect(SecretFleet.leaks(under: first.state.path).isEmpty)
    }

    @Test("resume refuses, naming the step, when a file its remaining steps edit changed since")
    func resumeDrift() async throws {
        let (first, hosts) = try await interrupted()
        defer { first.state.remove() }
        let record = try Journal.savedPlan(runID: fleet.runID, stateDir: first.state.path)
        let done = ResumePoint(entries: try Journal.read(runID: fleet.runID, stateDir: first.state.path)).done
        // Someone renames a1 (not yet restarted) behind the run's back: its health gate would now wait for another node.
        await hosts["a1"]!.setFile(K3sPaths.config, ApplyFleet.file("token: \(SecretFleet.token)\nnode-name: renamed-a1\n"))
        let original = try await ResumeFacts.original(try await liveFacts(hosts), plan: record.plan, done: done,
                                                      runID: fleet.runID, hosts: hosts.remote)
        let derived = try Planner.plan(inventory: fleet.inventory, playbook: ApplyFleet.playbook(), facts: original, options: record.options)
        let failure = #expect(throws: DiagnosticsError.self) { try record.resumable(derived, done: done) }
        #expect(failure?.diagnostics.first?.host == "a1")
        #expect(failure?.diagnostics.first?.message.hasPrefix("step a1/health is not the step the plan recorded") == true,
                "\(failure?.diagnostics.first?.message ?? "")")
    }
}
