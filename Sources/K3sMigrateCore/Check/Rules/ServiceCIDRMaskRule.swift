/// [service-cidr-mask] The service range may be at most a /12 (IPv4) or a /112 (IPv6).
struct ServiceCIDRMaskRule: FleetRule {
    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        fleet.servers.flatMap { server -> [Diagnostic] in
            guard let setting = server.settings.effective("service-cidr") else { return [] }
            return CIDRBlock.parseList(setting.values).compactMap(\.block).compactMap { block in
                let limit = block.family == .ipv4 ? 12 : 112
                guard block.prefixLength < limit else { return nil }
                return .error("service-cidr-mask", host: server.name, at: setting.location,
                              "service-cidr \(block) is too large: the mask must be /\(limit) or longer for \(block.family == .ipv4 ? "IPv4" : "IPv6")")
            }
        }
    }
}
