/// [node-ip-family] pkg/agent/run.go (run): node-ip must have the IP versions of the cluster:
/// a dual-stack cluster-cidr needs a dual-stack node-ip, a single-stack one a node-ip of its
/// family (pkg/agent/config swaps the first two node IPs to match the cluster's first CIDR, so in
/// a dual-stack node-ip the order does not matter). Only a node-ip that is set counts: unset,
/// K3s picks the addresses itself (pkg/util/net.go GetHostnameAndIPs). Every item must be an IP
/// (`invalid node-ip`). The cluster-cidr is the node's own on a server, its server's on an agent.
struct NodeIPFamilyRule: FleetRule {
    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        guard let reference = fleet.servers.first else { return [] }
        return fleet.nodes.flatMap { node -> [Diagnostic] in
            guard let setting = node.settings.effective("node-ip") else { return [] }
            let items = setting.values.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
                .map { TextBuffer.trimmed(String($0)) }
            var families: [CIDRBlock.Family] = []
            for item in items {
                guard let family = Self.family(ofAddress: item) else {
                    return [.error("node-ip-family", host: node.name, at: setting.location,
                                   "node-ip item \"\(item)\" is not an IP address: K3s will not start (invalid node-ip)")]
                }
                families.append(family)
            }
            let server = node.role == .server ? node : reference
            let clusterBlocks = CIDRBlock.parseList(server.values("cluster-cidr"))
            guard let first = clusterBlocks.first?.block, clusterBlocks.allSatisfy({ $0.block != nil }),
                  let firstNode = families.first else { return [] }
            let dualCluster = Set(clusterBlocks.compactMap(\.block?.family)).count > 1
            let dualNode = Set(families).count > 1
            guard (dualCluster && !dualNode) || (!dualNode && firstNode != first.family) else { return [] }
            let cluster = server.values("cluster-cidr").joined(separator: ",")
            let wanted = dualCluster ? "an IPv4 and an IPv6 address" : "an \(first.family == .ipv4 ? "IPv4" : "IPv6") address"
            return [.error("node-ip-family", host: node.name, at: setting.location,
                           "node-ip \(items.joined(separator: ",")) must share the cluster's IP versions: cluster-cidr \(cluster)"
                             + CheckedFleet.origin(of: "cluster-cidr", on: server, for: node)
                             + " needs \(wanted); K3s will not start")]
        }
    }

    static func family(ofAddress text: String) -> CIDRBlock.Family? {
        if CIDRBlock.parseIPv4(Substring(text)) != nil { return .ipv4 }
        if CIDRBlock.parseIPv6(Substring(text)) != nil { return .ipv6 }
        return nil
    }
}
