import Foundation
import K3sMigrateCore

/// Polls a node until its service is active and the cluster (asked on a healthy server) reports
/// it Ready, with the expected flannel backend when `checkBackend` is set. Rollback passes
/// `checkBackend: false`: after an undo the node runs the old backend again.
struct HealthCheck: Sendable {
    let hosts: [String: any RemoteHost]
    let servers: ClusterServers
    let pollInterval: Double
    let commandTimeout: Int
    /// Gates of one agent batch all ask the same server whether it is active: one answer serves them.
    let serverActivity = SharedQuery<Bool>()

    static func role(of expectation: HealthExpectation) -> Role {
        expectation.service == Role.agent.serviceName ? .agent : .server
    }

    /// "k3s-agent active and node a1 Ready on flannel backend wireguard-native"
    static func expected(_ expectation: HealthExpectation, checkBackend: Bool) -> String {
        var text = "\(expectation.service) active and node \(expectation.nodeName) Ready"
        if checkBackend, let backend = expectation.backend { text += " on flannel backend \(backend)" }
        return text
    }

    /// Returns a one-line summary once healthy; fails at the deadline naming what was expected and seen.
    /// Polls at least once, however short the timeout.
    func wait(host: String, role: Role, expectation: HealthExpectation, checkBackend: Bool) async throws(StepError) -> String {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(max(0, expectation.timeoutSeconds)))
        var polls = 0
        while true {
            polls += 1
            let seen: String
            switch await probe(host: host, role: role, expectation: expectation, checkBackend: checkBackend) {
            case .success(let summary): return summary
            case .failure(let problem): seen = problem.text
            }
            guard clock.now < deadline, !Task.isCancelled else {
                throw StepError("health", "host \(host): not healthy after \(expectation.timeoutSeconds)s (\(polls) poll\(polls == 1 ? "" : "s")): "
                                    + "expected \(HealthCheck.expected(expectation, checkBackend: checkBackend)); saw \(seen)")
            }
            try? await Task.sleep(for: .seconds(pollInterval))
        }
    }

    private struct Unhealthy: Error {
        var text: String
    }

    private func probe(host: String, role: Role, expectation: HealthExpectation,
                       checkBackend: Bool) async -> Result<String, Unhealthy> {
        let (active, serviceState) = await serviceActive(on: host, role: role, manager: expectation.manager)
        guard active else { return .failure(Unhealthy(text: "\(expectation.service) \(serviceState)")) }
        guard let server = await askingServer(for: host, role: role) else {
            return .failure(Unhealthy(text: "no active server to ask about node \(expectation.nodeName)"))
        }
        guard let remote = hosts[server] else { return .failure(Unhealthy(text: "no connection to server \(server)")) }
        let result: CommandResult
        do {
            result = try await remote.run(RemoteCommands.nodeStatus(expectation.nodeName), timeoutSeconds: commandTimeout)
        } catch {
            return .failure(Unhealthy(text: "asking \(server) about node \(expectation.nodeName) failed: \(error)"))
        }
        guard result.succeeded else {
            return .failure(Unhealthy(text: "`kubectl get node \(expectation.nodeName)` on \(server) exited \(result.exitStatus): "
                                      + OutputExcerpt.firstLine(result)))
        }
        guard let node = NodeStatus.parse(result.stdout) else {
            return .failure(Unhealthy(text: "unreadable node JSON from \(server)"))
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

    /// systemd prints `active`; OpenRC's `status` exits 0 when started.
    private func serviceActive(on host: String, role: Role, manager: ServiceManager) async -> (Bool, String) {
        guard let remote = hosts[host] else { return (false, "unknown: no connection to \(host)") }
        do {
            let result = try await remote.run(RemoteCommands.serviceActive(role, manager: manager), timeoutSeconds: commandTimeout)
            let state = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
            switch manager {
            case .systemd: return (state == "active", state.isEmpty ? "exit \(result.exitStatus)" : state)
            case .openrc: return (result.succeeded, result.succeeded ? "started" : "not started (exit \(result.exitStatus))")
            }
        } catch {
            return (false, "unknown: \(error)")
        }
    }

    /// The node itself when it is a server, else the first server in plan order whose service is active.
    private func askingServer(for host: String, role: Role) async -> String? {
        if role == .server { return host }
        // Which server answers may be a second old: if it went down since, kubectl fails and the
        // gate polls again. The node's own state is never taken from a shared answer.
        let askedAt = ContinuousClock.now.advanced(by: .seconds(-1))
        for server in servers.servers where server.name != host {
            let active = await serverActivity.value(for: server.name, notBefore: askedAt) {
                await serviceActive(on: server.name, role: .server, manager: server.manager).0
            }
            if active { return server.name }
        }
        return nil
    }
}

