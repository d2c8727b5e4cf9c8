/// [invalid-cidr] cluster-cidr and service-cidr must be comma-separated CIDRs.
struct InvalidCIDRRule: FleetRule {
    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        fleet.servers.flatMap { server in
            ["cluster-cidr", "service-cidr"].flatMap { key -> [Diagnostic] in
                guard let setting = server.settings.effective(key) else { return [] }
                return CIDRBlock.parseList(setting.values).filter { $0.block == nil }.map { item in
                    .error("invalid-cidr", host: server.name, at: setting.location,
                           "\(key) item \"\(item.text)\" is not a CIDR such as 10.42.0.0/16 or fd00::/56")
                }
            }
        }
    }
}
