import Foundation

/// [dual-stack-after-creation] A server's files ask for IPv6 in cluster-cidr or service-cidr while
/// the network the node runs (flannel's net-conf.json, written at its last start) is IPv4-only:
/// the cluster was created IPv4-only, and K3s can't turn it dual-stack.
struct DualStackAfterCreationRule: FleetRule {
    static let netConf = "/var/lib/rancher/k3s/agent/etc/flannel/net-conf.json"

    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        fleet.servers.flatMap { server -> [Diagnostic] in
            guard let file = server.facts.file(Self.netConf), let running = Self.runningFamilies(file.content),
                  !running.contains(.ipv6) else { return [] }
            return DualStack.keys.compactMap { key -> Diagnostic? in
                guard DualStack.families(server.values(key)).contains(.ipv6) else { return nil }
                return .error("dual-stack-after-creation", host: server.name, at: server.location(key),
                              "\(key) has IPv6 but this node runs an IPv4-only cluster network (\(Self.netConf)): " + DualStack.reason)
            }
        }
    }

    /// The families of flannel's running network, or nil when the file can't be read.
    static func runningFamilies(_ content: [UInt8]) -> Set<CIDRBlock.Family>? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(content))) as? [String: Any] else { return nil }
        var families: Set<CIDRBlock.Family> = []
        if let network = object["Network"] as? String, !network.isEmpty, object["EnableIPv4"] as? Bool != false { families.insert(.ipv4) }
        if object["EnableIPv6"] as? Bool == true || !((object["IPv6Network"] as? String) ?? "").isEmpty { families.insert(.ipv6) }
        return families
    }
}
