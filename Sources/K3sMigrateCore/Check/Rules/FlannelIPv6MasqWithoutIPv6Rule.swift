/// [flannel-ipv6-masq-without-ipv6] flannel-ipv6-masq only applies to dual-stack or IPv6-only
/// clusters: cluster-cidr needs an IPv6 range.
struct FlannelIPv6MasqWithoutIPv6Rule: FleetRule {
    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        fleet.servers.compactMap { server in
            guard server.isTrue("flannel-ipv6-masq") else { return nil }
            let ranges = CIDRBlock.parseList(server.values("cluster-cidr")).compactMap(\.block)
            guard !ranges.contains(where: { $0.family == .ipv6 }) else { return nil }
            return .warning("flannel-ipv6-masq-without-ipv6", host: server.name, at: server.location("flannel-ipv6-masq"),
                            "flannel-ipv6-masq is true but cluster-cidr (\(server.values("cluster-cidr").joined(separator: ",")), \(server.whereSet("cluster-cidr"))) has no IPv6 range")
        }
    }
}
