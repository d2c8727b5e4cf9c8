import Testing
import Foundation
@testable import K3sMigrateRun
import K3sMigrateCore

@Suite("Executor: automatic rollback")
struct ExecutorRollbackTests {
    let fleet = ApplyFleet.wireguardMixed(agents: 2)

    /// Every file of every node is as it was before the run: bytes, mode, owner, group.
    func expectOriginalFiles(_ hosts: [String: SimulatedHost]) async throws {
        for node in fleet.nodes {
            let host = try #require(hosts[node.name])
            for (path, original) in node.files {
                let now = try #require(await host.file(path), "\(node.name):\(path) is gone")
                #expect(now.content == original.content, "\(node.name):\(path) content")
                #expect(now.mode == original.mode, "\(node.name):\(path) mode \(String(now.mode, radix: 8))")
                #expect(now.owner == original.owner && now.group == original.group, "\(node.name):\(path) owner")
            }
        }
    }

    @Test("a server that never comes up after its restart: every file restored, daemon-reload and restarts run again")
    func healthFailureAfterChanges() async throws {
        let plan = try fleet.plan(timeoutSeconds: 0)
        let (sim, hosts) = await fleet.hosts()
        await hosts["s2"]!.setRestartOutcomes([["failed"]])
        let run = ApplyRun(plan: plan, hosts: hosts, runID: fleet.runID)
        defer { run.state.remove() }

        let outcome = await run.run()
        guard case .rolledBack(let failure) = outcome else {
            Issue.record("expected .rolledBack, got \(outcome)")
            return
        }
        #expect(failure.stepID == "s2/health" && failure.host == "s2")
        #expect(failure.message.contains("expected k3s active") && failure.message.contains("saw k3s failed"))
        try await expectOriginalFiles(hosts)

        #expect(await hosts["s1"]!.restarts == 2)
        #expect(await hosts["s2"]!.restarts == 2)
        #expect(await hosts["s3"]!.restarts == 0, "s3 never restarted, so it is not restarted by the rollback")
        #expect(await hosts["a1"]!.restarts == 0)
        #expect(await hosts["s3"]!.reloads == 2, "daemon-reload runs again after the unit is restored")

        let log = await sim.log
        let firstRestartS2 = try #require(log.firstIndex(of: "s2: systemctl restart k3s"))
        let restoreS3 = try #require(log.lastIndex(of: "s3: write \(K3sPaths.systemdUnit(.server))"))
        let reloadS3 = try #require(log.lastIndex(of: "s3: systemctl daemon-reload"))
        let restoreS1 = try #require(log.lastIndex(of: "s1: write \(K3sPaths.config)"))
        let restoreS2 = try #require(log.lastIndex(of: "s2: write \(K3sPaths.dropInDir)/50-flannel.yaml"))
        let rerestartS1 = try #require(log.lastIndex(of: "s1: systemctl restart k3s"))
        let rerestartS2 = try #require(log.lastIndex(of: "s2: systemctl restart k3s"))
        #expect(firstRestartS2 < restoreS1 && restoreS1 < rerestartS1)
        #expect([restoreS1, restoreS2, restoreS3].allSatisfy { $0 < rerestartS1 }, "files first, then restarts")
        #expect(restoreS3 < reloadS3)
        #expect(rerestartS1 < rerestartS2, "the first server comes back first")
        let s1Check = try #require(log.lastIndex(of: "s1: " + SimulatedFleet.clusterView))
        #expect(rerestartS1 < s1Check && s1Check < rerestartS2, "each server is healthy again before the next restarts")
        #expect(await sim.node("s1")?.backendType == "extension", "s1 runs the old backend again")

        let events = run.recorder.all
        #expect(events.contains { if case .rollbackFinished(let report) = $0 { return report.isComplete } else { return false } })
        let undone = events.compactMap { event -> String? in
            if case .undoFinished(let step, let result) = event, result.status == .undone { return step.id }
            return nil
        }
        #expect(Set(undone) == Set(["s1/edit:config.yaml", "s2/edit:50-flannel.yaml", "s3/edit:k3s.service", "s3/daemon-reload",
                                    "s1/restart", "s2/restart"]))
    }

    @Test("a restart command that fails is run again after the restore")
    func failedRestartCommand() async throws {
        let plan = try fleet.plan()
        let (_, hosts) = await fleet.hosts()
        await hosts["s1"]!.setFailing("systemctl restart k3s", times: 1)
        let run = ApplyRun(plan: plan, hosts: hosts, runID: fleet.runID)
        defer { run.state.remove() }

        let outcome = await run.run()
        guard case .rolledBack(let failure) = outcome else {
            Issue.record("expected .rolledBack, got \(outcome)")
            return
        }
        #expect(failure.stepID == "s1/restart" && failure.rule == "command-failed")
        #expect(failure.message.contains("host s1") && failure.message.contains("systemctl restart k3s")
                && failure.message.contains("exited 1: simulated failure"))
        try await expectOriginalFiles(hosts)
        #expect(await hosts["s1"]!.restarts == 1, "the second restart (rollback) succeeded")
        let undoneRestart = run.recorder.all.contains { event in
            if case .undoStarted(let step) = event { return step.id == "s1/restart" }
            return false
        }
        #expect(undoneRestart)
    }

    @Test("--no-rollback leaves the changes in place")
    func noRollback() async throws {
        let plan = try fleet.plan(timeoutSeconds: 0)
        let (_, hosts) = await fleet.hosts()
        await hosts["s1"]!.setRestartOutcomes([["activating"]])
        let run = ApplyRun(plan: plan, hosts: hosts, runID: fleet.runID) { $0.rollbackOnFailure = false }
        defer { run.state.remove() }

        guard case .failedNoRollback(let failure) = await run.run() else {
            Issue.record("expected .failedNoRollback")
            return
        }
        #expect(failure.stepID == "s1/health")
        guard case .edit(let change) = plan.step("s1/edit:config.yaml")?.action else {
            Issue.record("no s1 edit")
            return
        }
        #expect(await hosts["s1"]!.file(K3sPaths.config)?.text == change.after)
        #expect(await hosts["s2"]!.restarts == 0, "nothing starts after a failure")
    }

    @Test("an undo that fails is named; the rest is still undone")
    func incomplete() async throws {
        let plan = try fleet.plan(timeoutSeconds: 0)
        let (_, hosts) = await fleet.hosts()
        let dropIn = "\(K3sPaths.dropInDir)/50-flannel.yaml"
        await hosts["s1"]!.setRestartOutcomes([["failed"]])
        await hosts["s2"]!.setWriteBudget(dropIn, 1)
        let run = ApplyRun(plan: plan, hosts: hosts, runID: fleet.runID)
        defer { run.state.remove() }

        let outcome = await run.run()
        guard case .rollbackIncomplete(let failure, let remaining) = outcome else {
            Issue.record("expected .rollbackIncomplete, got \(outcome)")
            return
        }
        #expect(failure.stepID == "s1/health")
        #expect(remaining == ["s2/edit:50-flannel.yaml"])
        #expect(await hosts["s1"]!.file(K3sPaths.config) == fleet.nodes[0].files[K3sPaths.config])
        #expect(await hosts["s3"]!.file(K3sPaths.systemdUnit(.server)) == fleet.nodes[2].files[K3sPaths.systemdUnit(.server)])
        let message = run.recorder.all.compactMap { event -> String? in
            if case .undoFinished(let step, let result) = event, step.id == "s2/edit:50-flannel.yaml" { return result.summary }
            return nil
        }.first
        #expect(message?.contains("host s2") == true && message?.contains("restoring \(dropIn)") == true)
    }

    @Test("restarts are repeated in the plan's order, whatever order the steps completed in")
    func restartOrder() async throws {
        let plan = try fleet.plan()
        let (sim, hosts) = await fleet.hosts()
        let health = HealthCheck(hosts: hosts.remote, servers: ClusterServers(plan: plan), pollInterval: 0, commandTimeout: 5)
        let runner = RollbackRunner(plan: plan, hosts: hosts.remote, runID: fleet.runID, health: health, commandTimeout: 5,
                                    maxConcurrent: 4, record: { _ in })
        let completed = ["a1/restart", "s3/restart", "s2/restart", "s3/daemon-reload", "s1/restart"].compactMap { plan.step($0) }
        let report = await runner.undo(completed, reason: "test")
        #expect(report.isComplete)
        let restarts = await sim.log.filter { $0.hasSuffix("restart k3s") || $0.hasSuffix("restart k3s-agent") || $0.hasSuffix("daemon-reload") }
        #expect(restarts == ["s1: systemctl restart k3s", "s2: systemctl restart k3s", "s3: systemctl daemon-reload",
                             "s3: systemctl restart k3s", "a1: systemctl restart k3s-agent"])
    }
}
