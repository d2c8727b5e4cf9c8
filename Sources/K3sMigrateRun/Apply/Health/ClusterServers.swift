import K3sMigrateCore

/// The servers of a plan, in plan order, with the service that runs K3s on each (its name and
/// init system): health gates ask the first active one about a node.
struct ClusterServers: Sendable {
    struct Server: Sendable, Hashable {
        var name: String
        var service: K3sService
        var manager: ServiceManager { service.manager }

        init(name: String, service: K3sService) {
            self.name = name
            self.service = service
        }

        /// A server running the standard `k3s` service.
        init(name: String, manager: ServiceManager) {
            self.init(name: name, service: .standard(.server, manager: manager))
        }
    }

    let servers: [Server]

    /// The plan's servers, then `extra` servers that the plan does not touch. A server's service
    /// is its health gate's; else the one its facts show (INSTALL_K3S_NAME's `k3s-NAME` too);
    /// else `k3s`, under OpenRC when its preflight or restart says so.
    init(plan: Plan, extra: [String] = [], facts: FleetFacts? = nil) {
        var services: [String: K3sService] = [:]
        var order: [String] = []
        func fromFacts(_ host: String) -> K3sService? {
            facts?[host].flatMap { NodeSettings(facts: $0, role: .server).service }
        }
        for step in plan.steps where step.role == .server {
            guard let host = step.host else { continue }
            if services[host] == nil { order.append(host) }
            if case .health(let expectation) = step.action {
                services[host] = K3sService(name: expectation.service, manager: expectation.manager)
            } else if services[host] == nil {
                services[host] = fromFacts(host) ?? .standard(.server, manager: step.action.looksLikeOpenRC ? .openrc : .systemd)
            } else if step.action.looksLikeOpenRC, services[host]?.manager != .openrc, fromFacts(host) == nil {
                services[host] = .standard(.server, manager: .openrc)
            }
        }
        for name in extra where services[name] == nil {
            services[name] = fromFacts(name) ?? .standard(.server)
            order.append(name)
        }
        servers = order.map { Server(name: $0, service: services[$0] ?? .standard(.server)) }
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
