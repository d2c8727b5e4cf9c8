/// [removed-backend] The legacy `wireguard` backend is fatal from v1.26, `ipsec` from v1.27.
struct RemovedBackendRule: FleetRule {
    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        fleet.nodes.flatMap { node -> [Diagnostic] in
            guard let version = node.facts.k3sVersion else { return [] }
            return fleet.backends(on: node).compactMap { backend, server in
                guard let removed = FlannelBackend.removedIn[backend], version >= removed else { return nil }
                return .error("removed-backend", host: node.name, at: CheckedFleet.location(of: "flannel-backend", on: server, for: node),
                              "flannel-backend \(backend)\(CheckedFleet.origin(of: "flannel-backend", on: server, for: node)) was removed in v\(removed.major).\(removed.minor) and this node runs \(version): K3s will not start; switch to wireguard-native")
            }
        }
    }
}
