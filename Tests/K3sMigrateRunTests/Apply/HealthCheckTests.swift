import Testing
import Foundation
@testable import K3sMigrateRun
import K3sMigrateCore

@Suite("Health gates")
struct HealthCheckTests {
    func cluster() async -> (SimulatedFleet, [String: SimulatedHost]) {
        let fleet = SimulatedFleet(runID: "health")
        var hosts: [String: SimulatedHost] = [:]
        for (name, role) in [("s1", Role.server), ("s2", .server), ("a1", .agent)] {
            hosts[name] = SimulatedHost(name: name, role: role, fleet: fleet, files: [:])
            await fleet.setNode(name, backendType: "wireguard")
        }
        return (fleet, hosts)
    }

    func check(_ hosts: [String: SimulatedHost], servers: [ClusterServers.Server] = [.init(name: "s1", manager: .systemd),
                                                                                        .init(name: "s2", manager: .systemd)]) -> HealthCheck {
        var plan = Plan(cluster: "t", playbook: "p", steps: [], skipped: [], warnings: [])
        plan.steps = servers.map { server in
            Step(id: "\(server.name)/health", host: server.name, role: .server, kind: .healthGate, title: "", changes: false,
                 action: .health(HealthExpectation(service: "k3s", nodeName: server.name, backend: nil, timeoutSeconds: 1,
                                                   manager: server.manager)))
        }
        return HealthCheck(hosts: hosts.remote, servers: ClusterServers(plan: plan), pollInterval: 0, commandTimeout: 5)
    }

    func agentExpectation(timeout: Int = 30, backend: String? = "wireguard-native") -> HealthExpectation {
        HealthExpectation(service: "k3s-agent", nodeName: "a1", backend: backend, timeoutSeconds: timeout)
    }

    @Test("polls until the service is active, then asks the first active server about the node")
    func pollsUntilActive() async throws {
        let (fleet, hosts) = await cluster()
        await hosts["a1"]!.setRestartOutcomes([["activating", "activating", "active"]])
        _ = try await hosts["a1"]!.run(ShellCommand("systemctl", "restart", "k3s-agent"), timeoutSeconds: 5)
        await hosts["s1"]!.setRestartOutcomes([["failed"]])
        _ = try await hosts["s1"]!.run(ShellCommand("systemctl", "restart", "k3s"), timeoutSeconds: 5)
        await fleet.setNode("a1", backendType: "wireguard")

        // A deadline far away: the gate returns as soon as the node is healthy, and a loaded CI
        // machine must not turn three quick polls into a timeout.
        let summary = try await check(hosts).wait(host: "a1", role: .agent, expectation: agentExpectation(timeout: 600), checkBackend: true)
        #expect(summary == "k3s-agent active, node a1 Ready, flannel backend-type wireguard")
        #expect(await fleet.commands(on: "a1").filter { $0 == "systemctl is-active k3s-agent" }.count == 3)
        #expect(await fleet.commands(on: "s2").contains(SimulatedFleet.clusterView), "s1 is down, so s2 is asked")
        #expect(await fleet.commands(on: "s1").allSatisfy { $0 == SimulatedFleet.clusterView || $0.hasPrefix("systemctl restart") },
                "s1 is asked with the same single command, which stops at its failed state")
    }

    @Test("fails at the deadline naming host, what was expected and what was seen")
    func wrongBackend() async throws {
        let (fleet, hosts) = await cluster()
        await fleet.setNode("a1", backendType: "extension")
        do {
            _ = try await check(hosts).wait(host: "a1", role: .agent, expectation: agentExpectation(timeout: 0), checkBackend: true)
            Issue.record("a node on the old backend passed the gate")
        } catch {
            #expect(error.rule == "health")
            #expect(error.message.hasPrefix("host a1: not healthy after 0s (1 poll)"))
            #expect(error.message.contains("expected k3s-agent active and node a1 Ready on flannel backend wireguard-native"))
            #expect(error.message.contains("saw node a1 Ready but flannel.alpha.coreos.com/backend-type=extension (asked s1)"))
        }
        // Rollback checks do not look at the backend.
        let summary = try await check(hosts).wait(host: "a1", role: .agent, expectation: agentExpectation(timeout: 0), checkBackend: false)
        #expect(summary == "k3s-agent active, node a1 Ready")
    }

    @Test("a node that is not Ready fails; a server asks about itself")
    func notReady() async throws {
        let (fleet, hosts) = await cluster()
        await fleet.setNeverReady(["s2"])
        let expectation = HealthExpectation(service: "k3s", nodeName: "s2", backend: nil, timeoutSeconds: 0)
        do {
            _ = try await check(hosts).wait(host: "s2", role: .server, expectation: expectation, checkBackend: true)
            Issue.record("a NotReady node passed")
        } catch {
            #expect(error.message.contains("saw node s2 Ready=False (asked s2)"))
        }
        #expect(await fleet.commands(on: "s2") == [SimulatedFleet.clusterView], "a server's own state and node come in one command")
    }

    @Test("OpenRC: the status command's exit code says whether the service runs")
    func openRC() async throws {
        let (_, hosts) = await cluster()
        let expectation = HealthExpectation(service: "k3s", nodeName: "s1", backend: nil, timeoutSeconds: 0, manager: .openrc)
        let summary = try await check(hosts, servers: [.init(name: "s1", manager: .openrc)])
            .wait(host: "s1", role: .server, expectation: expectation, checkBackend: true)
        #expect(summary == "k3s active, node s1 Ready")
    }

    @Test("reads Ready and the backend annotation from kubectl's node JSON")
    func nodeJSON() {
        let json = #"{"metadata":{"annotations":{"flannel.alpha.coreos.com/backend-type":"vxlan"}},"status":{"conditions":[{"type":"DiskPressure","status":"False"},{"type":"Ready","status":"True"}]}}"#
        #expect(NodeStatus.parse(Array(json.utf8)) == NodeStatus(ready: "True", backendType: "vxlan"))
        #expect(NodeStatus.parse(Array(#"{"metadata":{}}"#.utf8)) == NodeStatus(ready: nil, backendType: nil))
        #expect(NodeStatus.parse(Array("Error from server".utf8)) == nil)
        #expect(NodeStatus.parse(Array("[1,2]".utf8)) == nil)
    }

    @Test("flannel's backend-type names map to K3s backend names in one place")
    func backendNames() {
        #expect(FlannelBackendAnnotation.matches(expected: "wireguard-native", seen: "wireguard"))
        #expect(FlannelBackendAnnotation.matches(expected: "wireguard-native", seen: "wireguard-native"))
        #expect(!FlannelBackendAnnotation.matches(expected: "wireguard-native", seen: "extension"))
        #expect(FlannelBackendAnnotation.matches(expected: "wireguard", seen: "extension"))
        #expect(!FlannelBackendAnnotation.matches(expected: "wireguard", seen: "wireguard"))
        #expect(FlannelBackendAnnotation.matches(expected: "vxlan", seen: "vxlan"))
        #expect(!FlannelBackendAnnotation.matches(expected: "vxlan", seen: "host-gw"))
    }

    @Test("a batch of agent gates shares the server's poll: one command on the server answers them all")
    func batchShares() async throws {
        let fleet = SimulatedFleet(runID: "health")
        var hosts: [String: SimulatedHost] = [:]
        let agents = (1...20).map { "a\($0)" }
        for name in ["s1"] + agents {
            hosts[name] = SimulatedHost(name: name, role: name == "s1" ? .server : .agent, fleet: fleet, files: [:])
            await fleet.setNode(name, backendType: "wireguard")
        }
        let health = check(hosts, servers: [.init(name: "s1", manager: .systemd)])
        let summaries = try await withThrowingTaskGroup(of: String.self) { group in
            for agent in agents {
                group.addTask {
                    try await health.wait(host: agent, role: .agent, expectation: HealthExpectation(
                        service: "k3s-agent", nodeName: agent, backend: "wireguard-native", timeoutSeconds: 60), checkBackend: true)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(summaries.count == 20)
        let asked = await fleet.commands(on: "s1")
        #expect(asked.allSatisfy { $0 == SimulatedFleet.clusterView })
        #expect(asked.count <= 3, "20 gates, \(asked.count) server commands")
    }

    func context(_ host: String, _ hosts: [String: SimulatedHost], health: HealthCheck) -> StepContext {
        StepContext(hostName: host, host: hosts[host]!, runID: "health", dryRun: false, resuming: false,
                    commandTimeout: 5, environment: [:], health: health)
    }

    @Test("a restart's probe, in the restart's own command, is its gate's first poll: no second question to the host")
    func restartProbeIsTheFirstPoll() async throws {
        let (fleet, hosts) = await cluster()
        let health = check(hosts)
        let agentRestart = RemoteCommands.restart(.standard(.agent), role: .agent)
        _ = try await RestartStep(command: agentRestart).run(in: context("a1", hosts, health: health))
        let summary = try await health.wait(host: "a1", role: .agent, expectation: agentExpectation(timeout: 600), checkBackend: false)
        #expect(summary == "k3s-agent active, node a1 Ready")
        #expect(await fleet.commands(on: "a1") == ["systemctl restart k3s-agent", "systemctl is-active k3s-agent"],
                "the is-active came with the restart; the gate asked a1 nothing more")
        #expect(await fleet.commands(on: "s1") == [SimulatedFleet.clusterView], "then one question to s1 about a1")

        // A server's probe is its own node list: the gate asks nobody.
        _ = try await RestartStep(command: RemoteCommands.restart(.standard(.server), role: .server)).run(in: context("s2", hosts, health: health))
        let before = await fleet.commands(on: "s1").count
        let server = HealthExpectation(service: "k3s", nodeName: "s2", backend: nil, timeoutSeconds: 600)
        #expect(try await health.wait(host: "s2", role: .server, expectation: server, checkBackend: true) == "k3s active, node s2 Ready")
        #expect(await fleet.commands(on: "s2") == ["systemctl restart k3s", SimulatedFleet.clusterView])
        #expect(await fleet.commands(on: "s1").count == before)
    }

    @Test("a probe that saw the service still starting counts as the first poll; the gate polls on")
    func restartProbeNotYetActive() async throws {
        let (fleet, hosts) = await cluster()
        let health = check(hosts)
        await hosts["a1"]!.setRestartOutcomes([["activating", "active"]])
        _ = try await RestartStep(command: RemoteCommands.restart(.standard(.agent), role: .agent)).run(in: context("a1", hosts, health: health))
        _ = try await health.wait(host: "a1", role: .agent, expectation: agentExpectation(timeout: 600), checkBackend: false)
        #expect(await fleet.commands(on: "a1") == ["systemctl restart k3s-agent", "systemctl is-active k3s-agent", "systemctl is-active k3s-agent"])
    }

    @Test("a restart without a probe (a plan saved by an older version) leaves the gate to ask for itself, and a probe serves once")
    func probeOnlyFromTheExpectedCommand() async throws {
        let (fleet, hosts) = await cluster()
        let health = check(hosts)
        _ = try await RestartStep(command: ShellCommand("systemctl", "restart", "k3s-agent")).run(in: context("a1", hosts, health: health))
        _ = try await health.wait(host: "a1", role: .agent, expectation: agentExpectation(timeout: 600), checkBackend: false)
        #expect(await fleet.commands(on: "a1") == ["systemctl restart k3s-agent", "systemctl is-active k3s-agent"])

        _ = try await RestartStep(command: RemoteCommands.restart(.standard(.agent), role: .agent)).run(in: context("a1", hosts, health: health))
        _ = try await health.wait(host: "a1", role: .agent, expectation: agentExpectation(timeout: 600), checkBackend: false)
        _ = try await health.wait(host: "a1", role: .agent, expectation: agentExpectation(timeout: 600), checkBackend: false)
        #expect(await fleet.commands(on: "a1").filter { $0 == "systemctl is-active k3s-agent" }.count == 3,
                "the second wait after one restart asks a1 itself")
    }

    @Test("a failed restart clears the probe an earlier restart left: its gate never sees that old answer")
    func failedRestartClearsTheProbe() async throws {
        let (fleet, hosts) = await cluster()
        let health = check(hosts)
        let restart = RemoteCommands.restart(.standard(.agent), role: .agent)
        _ = try await RestartStep(command: restart).run(in: context("a1", hosts, health: health))
        await hosts["a1"]!.setFailing("systemctl restart k3s-agent", times: 1)
        await #expect(throws: StepError.self) { try await RestartStep(command: restart).run(in: context("a1", hosts, health: health)) }
        _ = try await health.wait(host: "a1", role: .agent, expectation: agentExpectation(timeout: 600), checkBackend: false)
        #expect(await fleet.commands(on: "a1").suffix(2) == ["systemctl restart k3s-agent", "systemctl is-active k3s-agent"],
                "the gate asked a1 itself after the failed restart")
    }
}
