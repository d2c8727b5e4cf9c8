/// [ipsec-needs-strongswan] Releases from 2022-12 on ship no swanctl/charon: the ipsec backend
/// then needs the host's strongSwan packages.
struct IPsecNeedsStrongSwanRule: FleetRule {
    static let gates = [K3sVersion(1, 26, 0, k3s: 1), K3sVersion(1, 25, 5, k3s: 1), K3sVersion(1, 24, 9, k3s: 1), K3sVersion(1, 23, 15, k3s: 1)]

    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        fleet.nodes.flatMap { node -> [Diagnostic] in
            guard let version = node.facts.k3sVersion, version.isAtLeast(anyOf: Self.gates),
                  version < FlannelBackend.removedIn["ipsec"]! else { return [] }
            return fleet.backends(on: node).filter { $0.backend == "ipsec" }.map { _, server in
                .warning("ipsec-needs-strongswan", host: node.name, at: CheckedFleet.location(of: "flannel-backend", on: server, for: node),
                         "flannel-backend ipsec\(CheckedFleet.origin(of: "flannel-backend", on: server, for: node)) on \(version): this release ships no strongSwan, install the host's strongswan packages (or move to wireguard-native)")
            }
        }
    }
}
