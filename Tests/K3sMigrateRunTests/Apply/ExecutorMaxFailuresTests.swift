import Testing
import Foundation
@testable import K3sMigrateRun
import K3sMigrateCore

@Suite("Executor: --max-failures")
struct ExecutorMaxFailuresTests {
    let fleet = ApplyFleet.wireguardMixed(agents: 3)

    func planOneAgentPerBatch() throws -> Plan { try fleet.plan(timeoutSeconds: 0, batch: 1) }

    @Test("an agent failure within the allowance is rolled back on that agent alone and the run goes on")
    func tolerated() async throws {
        let plan = try planOneAgentPerBatch()
        let (_, hosts) = await fleet.hosts()
        await hosts["a2"]!.setRestartOutcomes([["failed"]])
        let run = ApplyRun(plan: plan, hosts: hosts, runID: fleet.runID) { $0.maxFailures = 1 }
        defer { run.state.remove() }

        let outcome = await run.run()
        guard case .succeededExcept(let tolerated, let remaining) = outcome else {
            Issue.record("expected .succeededExcept, got \(outcome)")
            return
        }
        #expect(tolerated.map(\.stepID) == ["a2/health"])
        #expect(remaining.isEmpty)
        #expect(await hosts["a2"]!.restarts == 2, "a2 is restarted again by its own rollback")
        #expect(await hosts["a3"]!.restarts == 1, "the run continued to the next batch")
        guard case .edit(let change) = plan.step("s1/edit:config.yaml")?.action else { return }
        #expect(await hosts["s1"]!.file(K3sPaths.config)?.text == change.after, "servers are not rolled back")
        #expect(run.recorder.all.contains { event in
            if case .agentFailureTolerated(let failure, 1, 1) = event { return failure.host == "a2" }
            return false
        })
    }

    @Test("one agent failure beyond the allowance rolls back everything, including agents rolled back before")
    func beyondAllowance() async throws {
        let plan = try planOneAgentPerBatch()
        let (sim, hosts) = await fleet.hosts()
        await hosts["a1"]!.setRestartOutcomes([["failed"]])
        await hosts["a2"]!.setRestartOutcomes([["failed"]])
        let run = ApplyRun(plan: plan, hosts: hosts, runID: fleet.runID) { $0.maxFailures = 1 }
        defer { run.state.remove() }

        let outcome = await run.run()
        guard case .rolledBack(let failure) = outcome else {
            Issue.record("expected .rolledBack, got \(outcome)")
            return
        }
        #expect(failure.stepID == "a2/health")
        #expect(await hosts["a1"]!.restarts == 3, "a1: forward, its own rollback, and again once the servers are back")
        #expect(await hosts["a2"]!.restarts == 2)
        #expect(await hosts["a3"]!.restarts == 0)
        for (index, name) in ["s1", "s2", "s3"].enumerated() {
            for (path, original) in fleet.nodes[index].files {
                #expect(await hosts[name]!.file(path) == original, "\(name):\(path) restored")
            }
            #expect(await hosts[name]!.restarts == 2)
        }
        for name in ["s1", "s2", "s3", "a1", "a2", "a3"] {
            #expect(await sim.node(name)?.backendType == "extension", "\(name) is back on the old backend")
        }
    }

    @Test("server failures are never tolerated")
    func serversNotTolerated() async throws {
        let plan = try planOneAgentPerBatch()
        let (_, hosts) = await fleet.hosts()
        await hosts["s3"]!.setRestartOutcomes([["failed"]])
        let run = ApplyRun(plan: plan, hosts: hosts, runID: fleet.runID) { $0.maxFailures = 5 }
        defer { run.state.remove() }

        guard case .rolledBack(let failure) = await run.run() else {
            Issue.record("expected .rolledBack")
            return
        }
        #expect(failure.stepID == "s3/health")
        #expect(await hosts["a1"]!.restarts == 0)
    }
}
