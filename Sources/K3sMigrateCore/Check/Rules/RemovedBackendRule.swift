/// [removed-backend] The legacy `wireguard` backend is fatal from v1.26, `ipsec` from v1.27.
struct RemovedBackendRule: FleetRule {
    static let removals: [String: K3sVersion] = ["wireguard": K3sVersion(1, 26, 0, k3s: 0), "ipsec": K3sVersion(1, 27, 0, k3s: 0)]

    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        fleet.nodes.flatMap { node -> [Diagnostic] in
            guard let version = node.facts.k3sVersion else { return [] }
            return fleet.backends(on: node).compactMap { backend, server in
                guard let removed = Self.removals[backend], version >= removed else { return nil }
                return .error("removed-backend", host: node.name, at: CheckedFleet.location(of: "flannel-backend", on: server, for: node),
                              "flannel-backend \(backend)\(CheckedFleet.origin(of: "flannel-backend", on: server, for: node)) was removed in v\(removed.major).\(removed.minor) and this node runs \(version): K3s will not start; switch to wireguard-native")
            }
        }
    }
}
