/// [invalid-egress-selector-mode] Only disabled, agent, pod and cluster are accepted.
struct InvalidEgressSelectorModeRule: FleetRule {
    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        fleet.servers.compactMap { server in
            guard let mode = server.settings.effective("egress-selector-mode")?.value,
                  !K3sFlagCatalog.egressSelectorModes.contains(mode) else { return nil }
            return .error("invalid-egress-selector-mode", host: server.name, at: server.location("egress-selector-mode"),
                          "egress-selector-mode \"\(mode)\" is not one of disabled, agent, pod, cluster: K3s will not start")
        }
    }
}
