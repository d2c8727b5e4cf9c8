import K3sMigrateCore

/// The servers of a plan, in plan order, with how their service is managed: health gates ask the
/// first active one about a node.
struct ClusterServers: Sendable {
    struct Server: Sendable, Hashable {
        var name: String
        var manager: ServiceManager
    }

    let servers: [Server]

    /// The plan's servers, then `extra` servers (systemd assumed) that the plan does not touch.
    init(plan: Plan, extra: [String] = []) {
        var managers: [String: ServiceManager] = [:]
        var order: [String] = []
        for step in plan.steps where step.role == .server {
            guard let host = step.host else { continue }
            if managers[host] == nil { order.append(host) }
            if case .health(let expectation) = step.action {
                managers[host] = expectation.manager
            } else if managers[host] == nil {
                managers[host] = step.action.looksLikeOpenRC ? .openrc : .systemd
            } else if step.action.looksLikeOpenRC {
                managers[host] = .openrc
            }
        }
        for name in extra where managers[name] == nil {
            managers[name] = .systemd
            order.append(name)
        }
        servers = order.map { Server(name: $0, manager: managers[$0] ?? .systemd) }
    }

    func manager(of host: String) -> ServiceManager? { servers.first { $0.name == host }?.manager }
}

private extension StepAction {
    /// A server without a health gate in the plan: infer OpenRC from its preflight or restart.
    var looksLikeOpenRC: Bool {
        switch self {
        case .checks(let checks): return checks.contains { $0.command.script.contains(K3sPaths.openrcDir + "/") }
        case .run(let command): return command.script.hasPrefix("rc-service ")
        default: return false
        }
    }
}
