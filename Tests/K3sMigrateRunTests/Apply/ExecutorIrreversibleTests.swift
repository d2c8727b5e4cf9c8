import Testing
import Foundation
@testable import K3sMigrateRun
import K3sMigrateCore

@Suite("Executor: steps that cannot be undone")
struct ExecutorIrreversibleTests {
    static let uninstall = ShellCommand("/usr/local/bin/k3s-agent-uninstall.sh")

    /// a1: preflight, then a command, then an uninstall that cannot be undone.
    static var plan: Plan {
        let preflight = Step(id: "a1/preflight", host: "a1", role: .agent, kind: .preflight, title: "check a1", changes: false,
                             action: .checks([PreflightCheck(name: "k3s-present", command: ShellCommand("k3s", "--version"), failure: "no k3s")]))
        let gate = Step(id: "@preflight", host: nil, role: nil, kind: .barrier, title: "preflight passed", changes: false,
                        action: .none, dependsOn: [preflight.id])
        let sysctl = Step(id: "a1/command:echo", host: "a1", role: .agent, kind: .command, title: "say hello", changes: true,
                          action: .run(ShellCommand("echo", "hello")), dependsOn: [gate.id],
                          undo: .command(ShellCommand("echo", "bye")))
        let remove = Step(id: "a1/uninstall", host: "a1", role: .agent, kind: .uninstall, title: "uninstall k3s-agent", changes: true,
                          action: .run(uninstall), dependsOn: [sysctl.id], undo: .impossible(reason: "k3s-agent-uninstall.sh deletes K3s"))
        return Plan(cluster: "test", playbook: "cilium-cleanup", steps: [preflight, gate, sysctl, remove], skipped: [], warnings: [])
    }

    func host() async -> (SimulatedFleet, [String: SimulatedHost]) {
        let fleet = SimulatedFleet(runID: "irrev-1")
        let host = SimulatedHost(name: "a1", role: .agent, fleet: fleet, files: [:])
        await host.setResponse(ExecutorIrreversibleTests.uninstall.script, CommandResult(stdout: Array("removed\n".utf8), exitStatus: 0))
        return (fleet, ["a1": host])
    }

    @Test("without --yes the run fails before any command, naming the step and why")
    func refused() async throws {
        let (fleet, hosts) = await host()
        let run = ApplyRun(plan: Self.plan, hosts: hosts, runID: "irrev-1")
        defer { run.state.remove() }

        guard case .failedBeforeChanges(let problems) = await run.run() else {
            Issue.record("expected .failedBeforeChanges")
            return
        }
        #expect(problems.count == 1)
        #expect(problems.first?.rule == "irreversible-unconfirmed" && problems.first?.host == "a1")
        #expect(problems.first?.message.contains("a1/uninstall") == true && problems.first?.message.contains("--yes") == true)
        #expect(await fleet.log.isEmpty, "not even preflight ran")
    }

    @Test("with --yes it runs")
    func confirmed() async throws {
        let (fleet, hosts) = await host()
        let run = ApplyRun(plan: Self.plan, hosts: hosts, runID: "irrev-1") { $0.confirmedIrreversible = true }
        defer { run.state.remove() }

        #expect(await run.run() == .succeeded)
        #expect(await fleet.commands(on: "a1") == ["k3s --version", "echo hello", Self.uninstall.script])
    }

    @Test("a dry run describes it without --yes")
    func dryRun() async throws {
        let (fleet, hosts) = await host()
        let run = ApplyRun(plan: Self.plan, hosts: hosts, runID: "irrev-1") { $0.dryRun = true }
        defer { run.state.remove() }

        #expect(await run.run() == .succeeded)
        #expect(await fleet.commands(on: "a1") == ["k3s --version"])
        #expect(run.recorder.finished.last?.summary == "would run `\(Self.uninstall.script)`")
    }

    @Test("a later failure cannot undo it and says so")
    func cannotUndo() async throws {
        var plan = Self.plan
        plan.steps.append(Step(id: "a1/command:after", host: "a1", role: .agent, kind: .command, title: "fails", changes: true,
                               action: .run(ShellCommand("false-command")), dependsOn: ["a1/uninstall"]))
        let (fleet, hosts) = await host()
        let run = ApplyRun(plan: plan, hosts: hosts, runID: "irrev-1") { $0.confirmedIrreversible = true }
        defer { run.state.remove() }

        guard case .rollbackIncomplete(let failure, let remaining) = await run.run() else {
            Issue.record("expected .rollbackIncomplete")
            return
        }
        #expect(failure.stepID == "a1/command:after" && failure.message.contains("exited 127"))
        #expect(remaining == ["a1/uninstall"])
        #expect(await fleet.commands(on: "a1").last == "echo bye", "the reversible command is still undone")
    }
}
