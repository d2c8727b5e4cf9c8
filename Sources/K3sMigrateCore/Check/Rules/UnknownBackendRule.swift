/// [unknown-backend] A flannel-backend value K3s never accepted.
struct UnknownBackendRule: FleetRule {
    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        fleet.servers.compactMap { server in
            guard let backend = server.settings.effective("flannel-backend")?.value,
                  !K3sFlagCatalog.flannelBackends.contains(backend) else { return nil }
            return .error("unknown-backend", host: server.name, at: server.location("flannel-backend"),
                          "flannel-backend \"\(backend)\" is not a flannel backend (vxlan, host-gw, wireguard-native, none)")
        }
    }
}
