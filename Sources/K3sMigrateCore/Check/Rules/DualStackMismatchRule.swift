/// [dual-stack-mismatch] pkg/agent/run.go (validateNetworkConfig): the FIRST CIDR of
/// cluster-cidr and of service-cidr must have the same IP family, and both lists must agree on
/// being dual-stack.
struct DualStackMismatchRule: FleetRule {
    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        fleet.servers.compactMap { server in
            let cluster = CIDRBlock.parseList(server.values("cluster-cidr"))
            let service = CIDRBlock.parseList(server.values("service-cidr"))
            guard cluster.allSatisfy({ $0.block != nil }), service.allSatisfy({ $0.block != nil }),
                  let firstCluster = cluster.first?.block, let firstService = service.first?.block else { return nil }
            let clusterFamilies = Set(cluster.compactMap(\.block?.family))
            let serviceFamilies = Set(service.compactMap(\.block?.family))
            let key = server.settings.effective("cluster-cidr") != nil ? "cluster-cidr" : "service-cidr"
            let both = "cluster-cidr (\(Self.describe(clusterFamilies)), \(server.whereSet("cluster-cidr"))) and service-cidr (\(Self.describe(serviceFamilies)), \(server.whereSet("service-cidr")))"
            if (clusterFamilies.count > 1) != (serviceFamilies.count > 1) || clusterFamilies != serviceFamilies {
                return .error("dual-stack-mismatch", host: server.name, at: server.location(key),
                              "\(both) must both be single-stack or both dual-stack, with the same families")
            }
            guard firstCluster.family != firstService.family else { return nil }
            return .error("dual-stack-mismatch", host: server.name, at: server.location(key),
                          "the first cluster-cidr (\(firstCluster)) and the first service-cidr (\(firstService)) must be of the same IP family: K3s will not start")
        }
    }

    static func describe(_ families: Set<CIDRBlock.Family>) -> String {
        families.count > 1 ? "dual-stack" : families.first == .ipv6 ? "IPv6" : "IPv4"
    }
}
