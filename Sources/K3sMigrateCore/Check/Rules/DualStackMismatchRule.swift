/// [dual-stack-mismatch] cluster-cidr and service-cidr must cover the same IP families.
struct DualStackMismatchRule: FleetRule {
    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        fleet.servers.compactMap { server in
            let cluster = CIDRBlock.parseList(server.values("cluster-cidr"))
            let service = CIDRBlock.parseList(server.values("service-cidr"))
            guard cluster.allSatisfy({ $0.block != nil }), service.allSatisfy({ $0.block != nil }) else { return nil }
            let clusterFamilies = Set(cluster.compactMap(\.block?.family))
            let serviceFamilies = Set(service.compactMap(\.block?.family))
            guard clusterFamilies != serviceFamilies else { return nil }
            let key = server.settings.effective("cluster-cidr") != nil ? "cluster-cidr" : "service-cidr"
            return .error("dual-stack-mismatch", host: server.name, at: server.location(key),
                          "cluster-cidr (\(Self.describe(clusterFamilies)), \(server.whereSet("cluster-cidr"))) and service-cidr (\(Self.describe(serviceFamilies)), \(server.whereSet("service-cidr"))) must both be single-stack or both dual-stack")
        }
    }

    static func describe(_ families: Set<CIDRBlock.Family>) -> String {
        families.count > 1 ? "dual-stack" : families.first == .ipv6 ? "IPv6" : "IPv4"
    }
}
