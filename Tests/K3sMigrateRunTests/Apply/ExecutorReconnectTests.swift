import Foundation
import Testing
@testable import K3sMigrateRun
import K3sMigrateCore

@Suite("Executor: a host that closes the session under a step (a reboot, an sshd restart)")
struct ExecutorReconnectTests {
    let fleet = ApplyFleet.wireguardMixed(agents: 2)

    func probe(_ service: String) throws -> String {
        try #require(RestartStep.activationProbe(service: service, manager: .systemd)).script
    }

    func succeeded(_ outcome: ExecutionOutcome) -> Bool {
        if case .succeeded = outcome { return true }
        return false
    }

    @Test("a restart cut off by a reboot whose boot started the service: a new session, its activation read on the host, no second restart")
    func restartDroppedAfterItTookEffect() async throws {
        let plan = try fleet.plan()
        let (sim, hosts) = await fleet.hosts()
        let a1 = try #require(hosts["a1"])
        await a1.setDrop("systemctl restart k3s-agent", afterEffect: true)
        // Active for 0.5 s: it came up after the step began.
        await a1.setResponse(try probe("k3s-agent"), CommandResult(stdout: Array("5000000\n5.50 9.00\n".utf8), exitStatus: 0))
        let run = ApplyRun(plan: plan, hosts: hosts, runID: fleet.runID)
        defer { run.state.remove() }
        let outcome = await run.run()
        #expect(succeeded(outcome), "\(outcome)")
        #expect(await a1.restarts == 1, "no second restart")
        #expect(await a1.reconnects == 1)
        let log = await sim.log
        let reconnect = try #require(log.firstIndex(of: "a1: reconnect"))
        let asked = try #require(log.firstIndex(of: "a1: " + (try probe("k3s-agent"))))
        #expect(reconnect < asked, "asked over the new session")
        let summary = try #require(run.recorder.finished.first { $0.id == "a1/restart" })
        #expect(summary.status == .ok && summary.summary.contains("the session dropped")
                && summary.summary.contains("no second restart"), "\(summary.summary)")
    }

    @Test("a restart whose session dropped while the service kept running since before the step: restarted again, not assumed")
    func restartDroppedBeforeItTookEffect() async throws {
        let plan = try fleet.plan()
        let (_, hosts) = await fleet.hosts()
        let a1 = try #require(hosts["a1"])
        await a1.setDrop("systemctl restart k3s-agent", afterEffect: false)
        // Active for 95 s: since long before this step.
        await a1.setResponse(try probe("k3s-agent"), CommandResult(stdout: Array("5000000\n100.0 9.00\n".utf8), exitStatus: 0))
        let run = ApplyRun(plan: plan, hosts: hosts, runID: fleet.runID)
        defer { run.state.remove() }
        let outcome = await run.run()
        #expect(succeeded(outcome), "\(outcome)")
        #expect(await a1.restarts == 1, "the restart ran once, after the new session")
        let summary = try #require(run.recorder.finished.first { $0.id == "a1/restart" })
        #expect(summary.summary.contains("not proven restarted since the step began, so: ran `\(RemoteCommands.restart(.standard(.agent), role: .agent).script)`"),
                "\(summary.summary)")
    }

    @Test("an edit whose session dropped after the write landed: the file holds the planned content, not written again")
    func editDroppedAfterTheWriteLanded() async throws {
        let plan = try fleet.plan()
        let (sim, hosts) = await fleet.hosts()
        let s1 = try #require(hosts["s1"])
        await s1.setDrop(K3sPaths.config, afterEffect: true)
        let run = ApplyRun(plan: plan, hosts: hosts, runID: fleet.runID)
        defer { run.state.remove() }
        let outcome = await run.run()
        #expect(succeeded(outcome), "\(outcome)")
        #expect(await sim.log.filter { $0 == "s1: write \(K3sPaths.config)" }.count == 1, "written once")
        #expect(await s1.file(K3sPaths.config)?.text.contains("wireguard-native") == true)
        let summary = try #require(run.recorder.finished.first { $0.id.hasPrefix("s1/") && $0.summary.contains("the write landed") })
        #expect(summary.status == .ok, "\(summary.summary)")
    }

    @Test("an edit whose session dropped before the write landed: the file still holds what the plan saw, so it is written")
    func editDroppedBeforeTheWriteLanded() async throws {
        let plan = try fleet.plan()
        let (sim, hosts) = await fleet.hosts()
        let s1 = try #require(hosts["s1"])
        await s1.setDrop(K3sPaths.config, afterEffect: false)
        let run = ApplyRun(plan: plan, hosts: hosts, runID: fleet.runID)
        defer { run.state.remove() }
        let outcome = await run.run()
        #expect(succeeded(outcome), "\(outcome)")
        let log = await sim.log
        #expect(log.contains("s1: session dropped before write \(K3sPaths.config)"))
        #expect(log.filter { $0 == "s1: write \(K3sPaths.config)" }.count == 1, "written on the new session")
        #expect(await s1.file(K3sPaths.config)?.text.contains("wireguard-native") == true)
        #expect(await s1.reconnects == 1)
    }

    @Test("a health gate whose host dropped the session between polls: a new session, the gate passes on a later poll")
    func healthPollDropped() async throws {
        let plan = try fleet.plan()
        let (simulated, hosts) = await fleet.hosts()
        let a1 = try #require(hosts["a1"])
        // The first is-active rides in the restart's command and sees the agent still starting;
        // the session drops under the gate's own poll, the second.
        await a1.setRestartOutcomes([["activating", "active"]])
        await a1.setDrop("systemctl is-active k3s-agent", afterEffect: false, skipping: 1)
        let run = ApplyRun(plan: plan, hosts: hosts, runID: fleet.runID)
        defer { run.state.remove() }
        let outcome = await run.run()
        #expect(succeeded(outcome), "\(outcome)")
        #expect(await a1.reconnects == 1)
        #expect(await a1.restarts == 1)
        #expect(await simulated.log.contains("a1: session dropped before systemctl is-active k3s-agent"))
    }

    @Test("a rollback whose host dropped the session under a restore: a new session, the file restored, exit rolled back (not incomplete)")
    func restoreDropped() async throws {
        let plan = try fleet.plan(timeoutSeconds: 0)
        let (_, hosts) = await fleet.hosts()
        await hosts["s2"]!.setRestartOutcomes([["failed"]])
        let s1 = try #require(hosts["s1"])
        let original = try #require(await s1.file(K3sPaths.config))
        let run = ApplyRun(plan: plan, hosts: hosts, runID: fleet.runID)
        defer { run.state.remove() }
        // s1's edit (the first write) lands; the session drops under the restore's write (the second).
        await s1.setDrop(K3sPaths.config, afterEffect: false, skipping: 1)
        let outcome = await run.run()
        guard case .rolledBack = outcome else {
            Issue.record("expected .rolledBack, got \(outcome)")
            return
        }
        #expect(await s1.file(K3sPaths.config) == original, "s1's config.yaml byte for byte as before")
        #expect(await s1.reconnects == 1)
    }
}
