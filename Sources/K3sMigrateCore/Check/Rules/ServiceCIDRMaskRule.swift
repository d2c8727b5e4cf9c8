/// [service-cidr-mask] kube-apiserver (validateClusterIPFlags) allows at most 20 host bits in a
/// service CIDR: IPv4 /12 or longer, IPv6 /108 or longer. From Kubernetes 1.34
/// (MultiCIDRServiceAllocator and DisableAllocatorDualWrite on by default) the check is skipped.
/// Two service CIDRs must differ in family.
struct ServiceCIDRMaskRule: FleetRule {
    static let unlimitedFrom = K3sVersion(1, 34, 0, k3s: 0)

    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        fleet.servers.flatMap { server -> [Diagnostic] in
            guard let setting = server.settings.effective("service-cidr") else { return [] }
            let blocks = CIDRBlock.parseList(setting.values).compactMap(\.block)
            var problems: [Diagnostic] = []
            if blocks.count == 2, blocks[0].family == blocks[1].family {
                problems.append(.error("service-cidr-mask", host: server.name, at: setting.location,
                                       "service-cidr \(blocks[0]),\(blocks[1]): two service CIDRs must be one IPv4 and one IPv6"))
            }
            if let version = server.facts.k3sVersion, version >= Self.unlimitedFrom { return problems }
            return problems + blocks.compactMap { block in
                let limit = block.family == .ipv4 ? 12 : 108
                guard block.prefixLength < limit else { return nil }
                return .error("service-cidr-mask", host: server.name, at: setting.location,
                              "service-cidr \(block) is too large: kube-apiserver allows at most 20 host bits, a mask of /\(limit) or longer for \(block.family == .ipv4 ? "IPv4" : "IPv6") (no limit from Kubernetes 1.34)")
            }
        }
    }
}
