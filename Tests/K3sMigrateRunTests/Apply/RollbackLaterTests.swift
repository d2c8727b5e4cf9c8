import Testing
import Foundation
@testable import K3sMigrateRun
import K3sMigrateCore

@Suite("Rollback of an earlier run")
struct RollbackLaterTests {
    let fleet = ApplyFleet.wireguardMixed(agents: 2)

    func succeededRun() async throws -> (ApplyRun, SimulatedFleet, [String: SimulatedHost]) {
        let plan = try fleet.plan()
        let (sim, hosts) = await fleet.hosts()
        let run = ApplyRun(plan: plan, hosts: hosts, runID: fleet.runID)
        #expect(await run.run() == .succeeded)
        return (run, sim, hosts)
    }

    func rollback(_ run: ApplyRun, _ hosts: [String: SimulatedHost]) async throws -> RollbackReport {
        let plan = try Journal.savedPlan(runID: fleet.runID, stateDir: run.state.path).plan
        return try await Executor.rollback(runID: fleet.runID, stateDir: run.state.path, plan: plan, hosts: hosts.remote,
                                           options: ExecutorOptions(runID: fleet.runID, healthPollInterval: 0))
    }

    @Test("undoes a finished run completely: files byte for byte, units reloaded, every node restarted on the old backend")
    func afterSuccess() async throws {
        let (run, sim, hosts) = try await succeededRun()
        defer { run.state.remove() }

        let report = try await rollback(run, hosts)
        #expect(report.isComplete)
        #expect(Set(report.undone) == Set(run.plan.steps.filter(\.changes).map(\.id)))
        for node in fleet.nodes {
            for (path, original) in node.files {
                #expect(await hosts[node.name]!.file(path) == original, "\(node.name):\(path)")
            }
            #expect(await hosts[node.name]!.restarts == 2)
            #expect(await sim.node(node.name)?.backendType == "extension")
        }
        #expect(await hosts["s3"]!.reloads == 2)
        #expect(Journal.list(stateDir: run.state.path).last?.outcome == "rolled-back")

        let logCount = await sim.log.count
        #expect(try await rollback(run, hosts) == RollbackReport(), "a second rollback finds nothing to undo")
        #expect(await sim.log.count == logCount)
    }

    @Test("after a crash, a step that started but never finished is undone too when that is safe")
    func afterCrash() async throws {
        let (run, _, hosts) = try await succeededRun()
        defer { run.state.remove() }
        // Cut the journal right after "s2/restart" started, as if the process died there.
        let text = try String(contentsOfFile: run.journal.path, encoding: .utf8)
        var kept: [Substring] = []
        for line in text.split(separator: "\n") {
            kept.append(line)
            if line.contains("\"step-started\""), line.contains("\"s2/restart\"") { break }
        }
        try (kept.joined(separator: "\n") + "\n").write(toFile: run.journal.path, atomically: true, encoding: .utf8)

        let report = try await rollback(run, hosts)
        #expect(report.isComplete)
        #expect(report.undone.contains("s2/restart"))
        #expect(!report.undone.contains("s3/restart") && !report.undone.contains("a1/restart"))
        #expect(await hosts["s3"]!.restarts == 1, "s3's restart is not in the cut journal, so it is not repeated")
        for node in fleet.nodes.prefix(3) {
            for (path, original) in node.files {
                #expect(await hosts[node.name]!.file(path) == original, "\(node.name):\(path)")
            }
        }
    }

    @Test("refuses a plan that does not match the journal, and a run without a journal")
    func mismatch() async throws {
        let (run, _, hosts) = try await succeededRun()
        defer { run.state.remove() }
        let other = Plan(cluster: "test", playbook: "other", steps: [], skipped: [], warnings: [])
        await #expect(throws: DiagnosticsError.self) {
            try await Executor.rollback(runID: fleet.runID, stateDir: run.state.path, plan: other, hosts: hosts.remote)
        }
        await #expect(throws: DiagnosticsError.self) {
            try await Executor.rollback(runID: "no-such-run", stateDir: run.state.path, plan: run.plan, hosts: hosts.remote)
        }
    }
}
