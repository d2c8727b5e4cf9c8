/// [wireguard-native-unsupported] wireguard-native exists since v1.23.6.
struct WireguardNativeUnsupportedRule: FleetRule {
    static let since = FlannelBackend.wireguardNativeSince

    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        fleet.nodes.flatMap { node -> [Diagnostic] in
            guard let version = node.facts.k3sVersion, version < Self.since else { return [] }
            return fleet.backends(on: node).filter { $0.backend == "wireguard-native" }.map { _, server in
                .error("wireguard-native-unsupported", host: node.name, at: CheckedFleet.location(of: "flannel-backend", on: server, for: node),
                       "flannel-backend wireguard-native\(CheckedFleet.origin(of: "flannel-backend", on: server, for: node)) needs K3s v1.23.6 or later; this node runs \(version)")
            }
        }
    }
}
