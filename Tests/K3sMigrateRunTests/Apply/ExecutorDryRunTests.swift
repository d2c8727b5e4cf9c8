import Testing
import Foundation
@testable import K3sMigrateRun
import K3sMigrateCore

@Suite("Executor: dry run")
struct ExecutorDryRunTests {
    let fleet = ApplyFleet.wireguardMixed(agents: 2)

    @Test("changes nothing, runs only read-only commands, and lists every step of the plan")
    func changesNothing() async throws {
        let plan = try fleet.plan()
        let (sim, hosts) = await fleet.hosts()
        let run = ApplyRun(plan: plan, hosts: hosts, runID: fleet.runID) { $0.dryRun = true }
        defer { run.state.remove() }

        #expect(await run.run() == .succeeded)
        let log = await sim.log
        #expect(!log.contains { $0.contains(": write ") || $0.contains("restart") || $0.contains("daemon-reload") || $0.contains(" cp -- ") })
        #expect(!log.contains { $0.contains("kubectl") }, "health gates are described, not polled, in a dry run")
        for node in fleet.nodes {
            let host = try #require(hosts[node.name])
            for (path, original) in node.files {
                #expect(await host.file(path) == original, "\(node.name):\(path) changed in a dry run")
            }
            #expect(await host.restarts == 0)
        }
        let finished = run.recorder.finished
        #expect(finished.map(\.id) .sorted() == plan.steps.map(\.id).sorted())
        for entry in finished {
            let step = try #require(plan.step(entry.id))
            switch step.kind {
            case .preflight, .barrier: #expect(entry.status == .ok)
            default:
                #expect(entry.status == .dryRun, "\(entry.id)")
                #expect(entry.summary.hasPrefix("would "), "\(entry.id): \(entry.summary)")
            }
        }
    }

    @Test("reports every problem at once: a drifted file on one host and a missing module on another")
    func allProblems() async throws {
        let plan = try fleet.plan()
        let (sim, hosts) = await fleet.hosts()
        await hosts["s1"]!.setFile(K3sPaths.config, ApplyFleet.file("flannel-backend: vxlan\n"))
        await hosts["a2"]!.setModules([])
        let run = ApplyRun(plan: plan, hosts: hosts, runID: fleet.runID) { $0.dryRun = true }
        defer { run.state.remove() }

        guard case .failedBeforeChanges(let problems) = await run.run() else {
            Issue.record("a dry run with problems must fail before changes")
            return
        }
        #expect(problems.contains { $0.rule == "drift" && $0.host == "s1" && $0.message.contains(K3sPaths.config) })
        #expect(problems.contains { $0.rule == "preflight" && $0.host == "a2" && $0.message.contains("wireguard") })
        #expect(!(await sim.log).contains { $0.contains(": write ") })
        #expect(run.recorder.status(of: "@preflight") == nil && run.recorder.status(of: "s3/edit:\(K3sPaths.systemdUnit(.server).split(separator: "/").last!)") == nil,
                "a failed preflight ends the dry run as it ends apply: nothing behind the preflight barrier is described")
    }

    @Test("a failed preflight ends the dry run like apply: no 'preflight passed', nothing described behind it, every preflight reported")
    func failedPreflightEndsDryRun() async throws {
        let plan = try fleet.plan()
        let (_, hosts) = await fleet.hosts()
        await hosts["a1"]!.setModules([])
        await hosts["a2"]!.setModules([])
        let run = ApplyRun(plan: plan, hosts: hosts, runID: fleet.runID) { $0.dryRun = true }
        defer { run.state.remove() }

        guard case .failedBeforeChanges(let problems) = await run.run() else {
            Issue.record("a dry run whose preflight fails must fail before changes")
            return
        }
        #expect(Set(problems.filter { $0.rule == "preflight" }.compactMap(\.host)) == ["a1", "a2"])
        let barriers = plan.steps.filter { $0.kind == .barrier }.map(\.id)
        for id in barriers { #expect(run.recorder.status(of: id) == nil, "\(id) never ran") }
        #expect(!run.recorder.finished.contains { $0.status == .dryRun }, "no change described as if it would run")
    }
}
