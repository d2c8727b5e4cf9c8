/// [vpn-auth-control-server] vpn-auth's `controlServerURL` (a Headscale server) exists from
/// v1.25.12 and v1.26.7 (pkg/vpn/vpn.go); 1.27 is unverified, taken as v1.27.4. On older
/// releases the key is rejected. The join key is never shown.
struct VPNAuthControlServerRule: FleetRule {
    static let gates = [K3sVersion(1, 25, 12, k3s: 1), K3sVersion(1, 26, 7, k3s: 1), K3sVersion(1, 27, 4, k3s: 1)]

    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        fleet.nodes.compactMap { node in
            guard let version = node.facts.k3sVersion, !version.isAtLeast(anyOf: Self.gates),
                  let auth = node.settings.effective("vpn-auth"), !auth.isSecretSet,
                  auth.values.contains(where: { $0.contains("controlServerURL=") }) else { return nil }
            return .error("vpn-auth-control-server", host: node.name, at: auth.location,
                          "vpn-auth sets controlServerURL, which K3s \(version) does not know (it needs v1.25.12, v1.26.7, v1.27.4 or later): K3s will not start")
        }
    }
}
