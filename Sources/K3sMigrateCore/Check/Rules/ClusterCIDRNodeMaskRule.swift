/// [cluster-cidr-node-mask] kube-controller-manager's node IPAM (pkg/controller/nodeipam/ipam/
/// cidrset NewCIDRSet, clusterSubnetMaxDiff = 16): an IPv6 cluster-cidr may be at most 16 bits
/// wider than the node mask, else "New CIDR set failed; the node CIDR size is too big" and the
/// controller manager does not start. The node mask is kube-controller-manager's
/// node-cidr-mask-size-ipv6 (node-cidr-mask-size in a single-stack cluster), default /64; K3s
/// sets neither. IPv4 has no such limit.
struct ClusterCIDRNodeMaskRule: FleetRule {
    static let defaultIPv6NodeMask = 64
    static let maxDifference = 16

    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        fleet.servers.flatMap { server -> [Diagnostic] in
            let blocks = CIDRBlock.parseList(server.values("cluster-cidr"))
            guard blocks.allSatisfy({ $0.block != nil }) else { return [] }
            let ranges = blocks.compactMap(\.block)
            let (mask, maskSource) = Self.ipv6NodeMask(server, dualStack: Set(ranges.map(\.family)).count > 1)
            return ranges.filter { $0.family == .ipv6 && mask - $0.prefixLength > Self.maxDifference }.map { block in
                .error("cluster-cidr-node-mask", host: server.name, at: server.location("cluster-cidr"),
                       "cluster-cidr \(block) (\(server.whereSet("cluster-cidr"))) is \(mask - block.prefixLength) bits wider than the IPv6 node mask /\(mask) (\(maskSource)); "
                         + "kube-controller-manager allows at most \(Self.maxDifference) (use /\(mask - Self.maxDifference) or longer): it will not start")
            }
        }
    }

    /// The last `node-cidr-mask-size-ipv6=` (or, single-stack, `node-cidr-mask-size=`) among the
    /// kube-controller-manager-arg items (and its hidden twin kube-controller-arg, same
    /// destination in pkg/cli/cmds/server.go): flags repeat, the last wins.
    static func ipv6NodeMask(_ server: CheckedFleet.Node, dualStack: Bool) -> (Int, String) {
        let names = dualStack ? ["node-cidr-mask-size-ipv6"] : ["node-cidr-mask-size-ipv6", "node-cidr-mask-size"]
        for key in ["kube-controller-arg", "kube-controller-manager-arg"] {
            for item in server.values(key).reversed() {
                let argument = item.hasPrefix("--") ? String(item.dropFirst(2)) : item
                guard let equals = argument.firstIndex(of: "=") else { continue }
                let name = String(argument[..<equals])
                if names.contains(name), let size = Int(argument[argument.index(after: equals)...]), (1...128).contains(size) {
                    return (size, "\(key) \(name)=\(size), \(server.whereSet(key))")
                }
            }
        }
        return (defaultIPv6NodeMask, "kube-controller-manager's default")
    }
}
