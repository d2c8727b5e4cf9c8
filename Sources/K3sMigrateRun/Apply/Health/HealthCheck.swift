import Foundation
import K3sMigrateCore

/// Polls a node until its service is active and the cluster (asked on a healthy server) reports
/// it Ready, with the expected flannel backend when `checkBackend` is set. Rollback passes
/// `checkBackend: false`: after an undo the node runs the old backend again.
///
/// A batch's gates share their questions to the server: one `is-active && kubectl get nodes -o
/// json` per poll on one server answers every gate waiting on it (`SharedQuery`), so a batch of 50
/// agents costs one server command per poll instead of 100. Polls come quickly at first (a
/// restarted node is usually healthy at once) and back off to `pollInterval`. The first poll of a
/// gate after its host's restart is the probe that rode in the restart's command (`RestartStep`,
/// `RestartProbes`): a server's own state and node list, an agent's state.
struct HealthCheck: Sendable {
    let hosts: [String: any RemoteHost]
    let servers: ClusterServers
    /// The longest pause between two polls of a gate; the first pauses are shorter.
    let pollInterval: Double
    let commandTimeout: Int
    /// One poll on a server, shared by every gate that waits on that server.
    let clusterViews = SharedQuery<ClusterView>()
    /// What each host's restart command probed right after the restart: its gate's first poll.
    let restartProbes = RestartProbes()

    /// The role of a gate whose step names none (saved by an older version): `k3s-agent` is an
    /// agent. A named service (`k3s-edge`) always comes with its step's role.
    static func role(of expectation: HealthExpectation) -> Role {
        expectation.service == Role.agent.serviceName ? .agent : .server
    }

    /// "k3s-agent active and node a1 Ready on flannel backend wireguard-native"
    static func expected(_ expectation: HealthExpectation, checkBackend: Bool) -> String {
        var text = "\(expectation.service) active and node \(expectation.nodeName) Ready"
        if checkBackend, let backend = expectation.backend { text += " on flannel backend \(backend)" }
        return text
    }

    /// Pause after poll number `polls` (1-based): 0.1 s, 0.2 s, 0.4 s, ... up to `pollInterval`.
    static func pause(afterPoll polls: Int, cap: Double) -> Double {
        min(cap, 0.1 * pow(2, Double(max(0, polls - 1))))
    }

    /// Returns a one-line summary once healthy; fails at the deadline naming what was expected and
    /// seen. Polls at least once, however short the timeout. When `stop` fires (Ctrl-C, SIGTERM) the
    /// wait ends at once, even mid-poll, with rule `interrupted`: a health gate changes nothing, so
    /// there is nothing to finish.
    func wait(host: String, role: Role, expectation: HealthExpectation, checkBackend: Bool,
              stop: StopFlag? = nil) async throws(StepError) -> String {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(max(0, expectation.timeoutSeconds)))
        var polls = 0
        var seen = "nothing yet"
        // The restart's own probe, when its command had one, is the first poll.
        var restarted = await restartProbes.take(host, script: RemoteCommands.restart(
            K3sService(name: expectation.service, manager: expectation.manager), role: role).script)
        while true {
            let first = restarted
            restarted = nil
            guard let outcome = await StopFlag.unlessStopped(stop, {
                await probe(host: host, role: role, expectation: expectation, checkBackend: checkBackend, restarted: first)
            }) else { throw interrupted(host, polls: polls, seen: seen) }
            polls += 1
            switch outcome {
            case .success(let summary): return summary
            case .failure(let problem): seen = problem.text
            }
            guard clock.now < deadline, !Task.isCancelled else {
                throw StepError("health", "host \(host): not healthy after \(expectation.timeoutSeconds)s (\(polls) poll\(polls == 1 ? "" : "s")): "
                                    + "expected \(HealthCheck.expected(expectation, checkBackend: checkBackend)); saw \(seen)")
            }
            let pause = HealthCheck.pause(afterPoll: polls, cap: pollInterval)
            guard pause > 0 else { continue }
            guard await StopFlag.unlessStopped(stop, { try? await Task.sleep(for: .seconds(pause)) }) != nil else {
                throw interrupted(host, polls: polls, seen: seen)
            }
        }
    }

    private func interrupted(_ host: String, polls: Int, seen: String) -> StepError {
        StepError(StepError.interruptedRule, "host \(host): health wait stopped by the interrupt after \(polls) poll\(polls == 1 ? "" : "s") "
                      + "(last seen: \(seen)); it changed nothing")
    }

    private struct Unhealthy: Error {
        var text: String
    }

    /// One poll; `restarted`: the restart's own probe, which answers the host's part of it.
    private func probe(host: String, role: Role, expectation: HealthExpectation, checkBackend: Bool,
                       restarted: RestartProbes.Probe?) async -> Result<String, Unhealthy> {
        let askedAt = restarted?.answeredAt ?? ContinuousClock.now
        let server: String
        let nodes: [String: NodeStatus]
        if role == .server {
            // A server asks about itself: its own state comes with the node list, in one command.
            let own = if let restarted { ClusterView.read(restarted.result, server: host) }
                else { await view(on: host, service: K3sService(name: expectation.service, manager: expectation.manager), notBefore: askedAt) }
            switch own {
            case .serverDown(let state): return .failure(Unhealthy(text: "\(expectation.service) \(state)"))
            case .failed(let problem): return .failure(Unhealthy(text: problem))
            case .nodes(let all): (server, nodes) = (host, all)
            }
        } else {
            let (active, serviceState) = if let restarted { Self.state(restarted.result) }
                else { await serviceActive(on: host, service: expectation.service, manager: expectation.manager) }
            guard active else { return .failure(Unhealthy(text: "\(expectation.service) \(serviceState)")) }
            // Never judged on an answer older than this poll's own is-active: the node's state is
            // always read after it was seen active.
            switch await askServers(about: expectation.nodeName, excluding: host, notBefore: askedAt) {
            case .failure(let problem): return .failure(problem)
            case .success(let answer): (server, nodes) = answer
            }
        }
        guard let node = nodes[expectation.nodeName] else {
            return .failure(Unhealthy(text: "node \(expectation.nodeName) not in the node list (asked \(server))"))
        }
        guard node.ready == "True" else {
            return .failure(Unhealthy(text: "node \(expectation.nodeName) Ready=\(node.ready ?? "absent") (asked \(server))"))
        }
        var summary = "\(expectation.service) active, node \(expectation.nodeName) Ready"
        // Backend `none` runs no flannel: no annotation to expect (an old one may linger on the Node).
        if checkBackend, let backend = expectation.backend, backend != "none" {
            guard let value = node.backendType, FlannelBackendAnnotation.matches(expected: backend, seen: value) else {
                return .failure(Unhealthy(text: "node \(expectation.nodeName) Ready but \(FlannelBackendAnnotation.key)="
                                          + "\(node.backendType ?? "absent") (asked \(server))"))
            }
            summary += ", flannel backend-type \(value)"
        }
        return .success(summary)
    }

    /// The first server in plan order that runs and answers; every gate of a batch lands on the same one.
    private func askServers(about node: String, excluding host: String, notBefore: ContinuousClock.Instant)
        async -> Result<(String, [String: NodeStatus]), Unhealthy> {
        var problems: [String] = []
        for server in servers.servers where server.name != host {
            switch await view(on: server.name, service: server.service, notBefore: notBefore) {
            case .nodes(let nodes): return .success((server.name, nodes))
            case .serverDown(let state): problems.append("\(server.name): \(server.service.name) \(state)")
            case .failed(let problem): problems.append(problem)
            }
        }
        return .failure(Unhealthy(text: problems.isEmpty ? "no active server to ask about node \(node)"
                                  : "no active server answered (\(problems.joined(separator: "; ")))"))
    }

    /// The server's state and node list from a poll that started at or after `notBefore`.
    private func view(on server: String, service: K3sService, notBefore: ContinuousClock.Instant) async -> ClusterView {
        await clusterViews.value(for: server, notBefore: notBefore) { [hosts, commandTimeout] in
            guard let remote = hosts[server] else { return .failed("no connection to server \(server)") }
            do {
                let result = try await HealthCheck.poll(remote, RemoteCommands.clusterView(service), timeoutSeconds: commandTimeout)
                return ClusterView.read(result, server: server)
            } catch {
                return .failed("asking \(server) about the nodes failed: \(error)")
            }
        }
    }

    /// The state line of a restart's probe (`RemoteCommands.restart`): `active` when it runs.
    private static func state(_ result: CommandResult) -> (Bool, String) {
        let line = result.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).first
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return (line == "active", line.isEmpty ? "not active (right after the restart)" : line)
    }

    /// systemd prints `active`; OpenRC's `status` exits 0 when started.
    private func serviceActive(on host: String, service: String, manager: ServiceManager) async -> (Bool, String) {
        guard let remote = hosts[host] else { return (false, "unknown: no connection to \(host)") }
        do {
            let result = try await HealthCheck.poll(remote, RemoteCommands.serviceActive(service, manager: manager),
                                                    timeoutSeconds: commandTimeout)
            let state = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
            switch manager {
            case .systemd: return (state == "active", state.isEmpty ? "exit \(result.exitStatus)" : state)
            case .openrc: return (result.succeeded, result.succeeded ? "started" : "not started (exit \(result.exitStatus))")
            }
        } catch {
            return (false, "unknown: \(error)")
        }
    }

    /// One poll. A host that closed or reset its session (it rebooted, sshd restarted) gets one
    /// short try at a new session first, so that a later poll sees it come back instead of
    /// failing on the dead session until the gate's deadline.
    static func poll(_ remote: any RemoteHost, _ command: ShellCommand, timeoutSeconds: Int) async throws -> CommandResult {
        do {
            return try await remote.run(command, timeoutSeconds: timeoutSeconds)
        } catch where ActedHost.sessionDropped(error) {
            try await remote.reconnect(within: 2)
            return try await remote.run(command, timeoutSeconds: timeoutSeconds)
        }
    }
}
