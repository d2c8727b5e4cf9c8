/// [ipsec-needs-strongswan] Releases from 2022-12 on ship no swanctl/charon
/// (v1.26.0+k3s1, v1.25.5+k3s1, v1.24.9+k3s1, v1.23.15+k3s1): the ipsec backend then needs the
/// host's strongSwan, and without `swanctl` K3s will not start (pkg/agent/flannel/setup.go).
/// An error when facts show swanctl is missing, a warning when they don't say.
struct IPsecNeedsStrongSwanRule: FleetRule {
    static let gates = [K3sVersion(1, 26, 0, k3s: 1), K3sVersion(1, 25, 5, k3s: 1), K3sVersion(1, 24, 9, k3s: 1), K3sVersion(1, 23, 15, k3s: 1)]

    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        fleet.nodes.flatMap { node -> [Diagnostic] in
            guard let version = node.facts.k3sVersion, version.isAtLeast(anyOf: Self.gates),
                  version < FlannelBackend.removedIn["ipsec"]! else { return [] }
            let swanctl = node.facts.probes[HostFacts.swanctlProbe]
            guard swanctl != "yes" else { return [] }
            return fleet.backends(on: node).filter { $0.backend == "ipsec" }.map { _, server in
                let origin = CheckedFleet.origin(of: "flannel-backend", on: server, for: node)
                let at = CheckedFleet.location(of: "flannel-backend", on: server, for: node)
                if swanctl == "no" {
                    return .error("ipsec-needs-strongswan", host: node.name, at: at,
                                  "flannel-backend ipsec\(origin) on \(version): this release ships no strongSwan and the host has no swanctl: K3s will not start; install the strongswan packages (or move to wireguard-native)")
                }
                return .warning("ipsec-needs-strongswan", host: node.name, at: at,
                                "flannel-backend ipsec\(origin) on \(version): this release ships no strongSwan, install the host's strongswan packages (or move to wireguard-native)")
            }
        }
    }
}
