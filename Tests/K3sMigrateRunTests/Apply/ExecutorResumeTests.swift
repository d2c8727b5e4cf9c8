import Testing
import Foundation
@testable import K3sMigrateRun
import K3sMigrateCore

@Suite("Executor: stop and resume")
struct ExecutorResumeTests {
    let fleet = ApplyFleet.wireguardMixed(agents: 2)

    /// Runs until s1 is healthy, then asks the executor to stop.
    func interruptedRun(state: TemporaryStateDirectory = TemporaryStateDirectory()) async throws
        -> (ApplyRun, SimulatedFleet, [String: SimulatedHost], ExecutionOutcome) {
        let plan = try fleet.plan()
        let (sim, hosts) = await fleet.hosts()
        let run = ApplyRun(plan: plan, hosts: hosts, runID: fleet.runID, state: state)
        let executor = run.executor()
        run.recorder.onEvent { event in
            if case .stepFinished(let step, _) = event, step.id == "s1/health" { executor.requestStop() }
        }
        return (run, sim, hosts, await executor.run())
    }

    @Test("a stop request lets in-flight steps finish, starts nothing new, and is journaled")
    func interrupted() async throws {
        let (run, _, hosts, outcome) = try await interruptedRun()
        defer { run.state.remove() }
        #expect(outcome == .interrupted)
        #expect(await hosts["s1"]!.restarts == 1)
        #expect(await hosts["s2"]!.restarts == 0)
        let entries = try Journal.read(runID: fleet.runID, stateDir: run.state.path)
        #expect(entries.contains { $0.kind == .stopRequested })
        #expect(entries.last?.kind == .runFinished && entries.last?.outcome == "interrupted")
        #expect(!entries.contains { $0.stepID == "s2/restart" })
    }

    @Test("resume runs preflight everywhere again, skips what the journal shows done, and finishes the rest")
    func resume() async throws {
        let (first, sim, hosts, _) = try await interruptedRun()
        defer { first.state.remove() }
        let logBefore = await sim.log.count
        let entries = try Journal.read(runID: fleet.runID, stateDir: first.state.path)
        let second = ApplyRun(plan: first.plan, hosts: hosts, runID: fleet.runID, state: first.state)

        #expect(await second.executor(resumeFrom: entries).run() == .succeeded)
        let resumed = Array(await sim.log.dropFirst(logBefore))
        for name in ["s1", "s2", "s3", "a1", "a2"] {
            #expect(resumed.contains("\(name): k3s --version"), "preflight ran again on \(name)")
        }
        #expect(!resumed.contains { $0.hasPrefix("s1: write ") || $0.contains(" cp -- ") }, "no edit or backup is repeated")
        #expect(!resumed.contains("s1: systemctl restart k3s"))
        let firstRestart = try #require(resumed.firstIndex(of: "s2: systemctl restart k3s"))
        #expect(resumed.lastIndex { $0.hasSuffix(": k3s --version") }! < firstRestart, "preflight before anything else")
        for name in ["s1", "s2", "s3", "a1", "a2"] {
            #expect(await hosts[name]!.restarts == 1, "\(name) restarted exactly once over both attempts")
            #expect(await sim.node(name)?.backendType == "wireguard")
        }
        #expect(second.recorder.status(of: "s1/edit:config.yaml") == .skipped)
        #expect(second.recorder.status(of: "s1/preflight") == .ok)
        #expect(Journal.list(stateDir: first.state.path).last?.outcome == "succeeded")
    }

    @Test("a resume whose preflight fails changes nothing and leaves the earlier changes for the user")
    func resumePreflightFails() async throws {
        let (first, _, hosts, _) = try await interruptedRun()
        defer { first.state.remove() }
        await hosts["a2"]!.setModules([])
        let entries = try Journal.read(runID: fleet.runID, stateDir: first.state.path)
        let second = ApplyRun(plan: first.plan, hosts: hosts, runID: fleet.runID, state: first.state)

        guard case .failedBeforeChanges(let problems) = await second.executor(resumeFrom: entries).run() else {
            Issue.record("expected .failedBeforeChanges")
            return
        }
        #expect(problems.map(\.host) == ["a2"])
        #expect(await hosts["s1"]!.restarts == 1)
        #expect(await hosts["s2"]!.restarts == 0)
        #expect(await hosts["s1"]!.file(K3sPaths.config) != fleet.nodes[0].files[K3sPaths.config])
    }
}
