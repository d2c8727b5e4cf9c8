import Testing
import Foundation
@testable import K3sMigrateRun
import K3sMigrateCore

@Suite("Executor: drift")
struct ExecutorDriftTests {
    let fleet = ApplyFleet.wireguardMixed(agents: 1)

    @Test("a file changed since the plan stops the run before any host is touched, naming host and file")
    func refusedBeforeChanges() async throws {
        let plan = try fleet.plan()
        let (sim, hosts) = await fleet.hosts()
        let dropIn = "\(K3sPaths.dropInDir)/50-flannel.yaml"
        let drifted = ApplyFleet.file("flannel-backend: wireguard\n# edited by hand\n", mode: 0o640, group: "adm")
        await hosts["s2"]!.setFile(dropIn, drifted)
        let run = ApplyRun(plan: plan, hosts: hosts, runID: fleet.runID)
        defer { run.state.remove() }

        guard case .failedBeforeChanges(let problems) = await run.run() else {
            Issue.record("drift must fail before changes")
            return
        }
        let drift = try #require(problems.first { $0.rule == "drift" })
        #expect(drift.host == "s2")
        #expect(drift.message.contains(dropIn) && drift.message.contains("line 2"))
        #expect(problems.count == 1)
        let log = await sim.log
        #expect(!log.contains { $0.contains(": write ") || $0.contains("restart") || $0.contains(" cp -- ") }, "\(log)")
        #expect(await hosts["s2"]!.file(dropIn) == drifted)
    }

    @Test("a file that drifts during the run is refused by its edit step; other hosts end as they were")
    func refusedMidRun() async throws {
        let plan = try fleet.plan()
        let (_, hosts) = await fleet.hosts()
        let unit = K3sPaths.systemdUnit(.server)
        let s3 = hosts["s3"]!
        await s3.setEditedAfterBackup(unit, ApplyFleet.file("# replaced\n", mode: 0o644))
        let run = ApplyRun(plan: plan, hosts: hosts, runID: fleet.runID)
        defer { run.state.remove() }

        let outcome = await run.run()
        let problem: Diagnostic
        switch outcome {
        case .rolledBack(let failure): problem = failure.diagnostic
        case .failedBeforeChanges(let problems) where problems.count == 1: problem = problems[0]
        default:
            Issue.record("expected a drift failure, got \(outcome)")
            return
        }
        #expect(problem.rule == "drift" && problem.host == "s3" && problem.message.contains(unit))
        #expect(await s3.file(unit)?.text == "# replaced\n", "the drifted file is left alone")
        #expect(await hosts["s1"]!.file(K3sPaths.config) == fleet.nodes[0].files[K3sPaths.config])
        #expect(await hosts["s1"]!.restarts == 0)
    }
}
