import Testing
import Foundation
@testable import K3sMigrateRun
import K3sMigrateCore

@Suite("Executor: a run that succeeds")
struct ExecutorHappyPathTests {
    let fleet = ApplyFleet.wireguardMixed(agents: 2)

    func apply(_ plan: Plan, _ hosts: [String: SimulatedHost], state: TemporaryStateDirectory,
               recorder: EventRecorder) async -> ExecutionOutcome {
        let executor = Executor(plan: plan, hosts: hosts.remote,
                                options: ExecutorOptions(runID: fleet.runID, healthPollInterval: 0),
                                journal: Journal(runID: fleet.runID, stateDir: state.path), events: recorder.sink)
        return await executor.run()
    }

    @Test("preflight everywhere, then server edits, then servers one at a time each healthy, then agents")
    func orderFromCommandLog() async throws {
        let plan = try fleet.plan()
        let (sim, hosts) = await fleet.hosts()
        let state = TemporaryStateDirectory()
        defer { state.remove() }
        let outcome = await apply(plan, hosts, state: state, recorder: EventRecorder())
        #expect(outcome == .succeeded)

        let log = await sim.log
        let firstWrite = try #require(log.firstIndex { $0.contains(": write ") })
        let preflights = log.indices.filter { log[$0].hasSuffix(": k3s --version") }
        #expect(preflights.count == 5)
        #expect(preflights.allSatisfy { $0 < firstWrite }, "a host changed before preflight passed everywhere")

        func index(_ host: String, _ line: String) async throws -> Int {
            try #require(await sim.firstIndex(host, line), "\(host) never ran \(line)")
        }
        let restartS1 = try await index("s1", "systemctl restart k3s")
        let restartS2 = try await index("s2", "systemctl restart k3s")
        let restartS3 = try await index("s3", "systemctl restart k3s")
        let restartA1 = try await index("a1", "systemctl restart k3s-agent")
        let restartA2 = try await index("a2", "systemctl restart k3s-agent")
        #expect(restartS1 < restartS2 && restartS2 < restartS3, "servers restart in order s1, s2, s3")

        for write in [try await index("s1", "write \(K3sPaths.config)"),
                      try await index("s2", "write \(K3sPaths.dropInDir)/50-flannel.yaml"),
                      try await index("s3", "write \(K3sPaths.systemdUnit(.server))"),
                      try await index("s3", "systemctl daemon-reload")] {
            #expect(write < restartS1, "every server is configured before the first restart")
        }
        let healthS1 = try await index("s1", SimulatedFleet.clusterView)
        let healthS2 = try await index("s2", SimulatedFleet.clusterView)
        let healthS3 = try await index("s3", SimulatedFleet.clusterView)
        #expect(restartS1 < healthS1 && healthS1 < restartS2, "s1 is healthy before s2 restarts")
        #expect(restartS2 < healthS2 && healthS2 < restartS3)
        #expect(healthS3 < restartA1 && healthS3 < restartA2, "agents restart only after every server is healthy")

        let agentQuestions = log[restartA1...].filter { $0.hasSuffix(SimulatedFleet.clusterView) }
        #expect(!agentQuestions.isEmpty)
        #expect(agentQuestions.allSatisfy { $0.hasPrefix("s1: ") }, "agents' nodes are asked about on the first active server")
    }

    @Test("every edited file holds the planned content with its owner and mode unchanged")
    func filesEdited() async throws {
        let plan = try fleet.plan()
        let (sim, hosts) = await fleet.hosts()
        let state = TemporaryStateDirectory()
        defer { state.remove() }
        #expect(await apply(plan, hosts, state: state, recorder: EventRecorder()) == .succeeded)

        let edits = plan.steps.filter { $0.kind == .editFile }
        #expect(edits.count == 3)
        for step in edits {
            guard case .edit(let change) = step.action, let name = step.host, let host = hosts[name] else {
                Issue.record("edit step without a change or host")
                continue
            }
            let file = try #require(await host.file(change.writePath))
            let original = try #require(fleet.nodes.first { $0.name == name }?.files[change.writePath])
            #expect(file.text == change.after)
            #expect(file.mode == original.mode && file.owner == original.owner && file.group == original.group)
            let backup = try #require(await host.file(BackupPaths.backup(of: change.writePath, run: fleet.runID)))
            #expect(backup.content == original.content, "the backup holds the file as it was")
        }
        for name in ["s1", "s2", "s3", "a1", "a2"] {
            #expect(await sim.node(name)?.backendType == "wireguard", "\(name) runs wireguard-native")
        }
    }

    @Test("every step is reported started and finished ok, in an order that respects dependencies")
    func events() async throws {
        let plan = try fleet.plan()
        let (_, hosts) = await fleet.hosts()
        let state = TemporaryStateDirectory()
        defer { state.remove() }
        let recorder = EventRecorder()
        _ = await apply(plan, hosts, state: state, recorder: recorder)

        let finished = recorder.finished
        #expect(Set(finished.map(\.id)) == Set(plan.steps.map(\.id)))
        #expect(finished.allSatisfy { $0.status == .ok })
        let position = Dictionary(uniqueKeysWithValues: finished.enumerated().map { ($1.id, $0) })
        for step in plan.steps {
            for dependency in step.dependsOn {
                #expect(position[dependency]! < position[step.id]!, "\(step.id) finished before \(dependency)")
            }
        }
        guard case .runFinished(let outcome)? = recorder.all.last else {
            Issue.record("the last event is not runFinished")
            return
        }
        #expect(outcome == .succeeded)
    }

    @Test("a plan without changes contacts no host and writes no journal")
    func nothingToDo() async throws {
        let plan = Plan(cluster: "test", playbook: "noop", steps: [], skipped: [], warnings: [])
        let (sim, hosts) = await fleet.hosts()
        let state = TemporaryStateDirectory()
        defer { state.remove() }
        #expect(await apply(plan, hosts, state: state, recorder: EventRecorder()) == .nothingToDo)
        #expect(await sim.log.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: state.path))
    }

    @Test("an agent-only plan asks the servers named in the options about its nodes")
    func agentOnlyPlan() async throws {
        let restart = Step(id: "a1/restart", host: "a1", role: .agent, kind: .restart, title: "restart k3s-agent", changes: true,
                           action: .run(ShellCommand("systemctl", "restart", "k3s-agent")), undo: .repeatAfterRestore)
        let gate = Step(id: "a1/health", host: "a1", role: .agent, kind: .healthGate, title: "a1 healthy", changes: false,
                        action: .health(HealthExpectation(service: "k3s-agent", nodeName: "a1", backend: nil, timeoutSeconds: 0)),
                        dependsOn: [restart.id])
        let plan = Plan(cluster: "test", playbook: "restart", steps: [restart, gate], skipped: [], warnings: [])
        for servers in [[], ["s1"]] {
            let (sim, hosts) = await fleet.hosts()
            let run = ApplyRun(plan: plan, hosts: hosts, runID: fleet.runID) { $0.clusterServers = servers }
            defer { run.state.remove() }
            let outcome = await run.run()
            if servers.isEmpty {
                guard case .rollbackIncomplete(let failure, let remaining) = outcome else {
                    Issue.record("expected a failed gate without servers, got \(outcome)")
                    continue
                }
                #expect(failure.message.contains("no active server to ask about node a1"))
                #expect(remaining == ["a1/health"], "the check after the rollback cannot ask anyone either")
            } else {
                #expect(outcome == .succeeded)
                #expect(await sim.commands(on: "s1") == [SimulatedFleet.clusterView], "one command answers both the server's state and the node's")
            }
        }
    }
}
