/// The settings every server must share: K3s's CriticalControlArgs (pkg/daemons/config/types.go),
/// which a joining server compares with the cluster's (pkg/cluster/bootstrap.go) and refuses
/// with `critical configuration value mismatch`. K3s compares the values it derived, so this
/// does too: defaults filled in (cluster-dns is the 10th address of each service CIDR; IPv6
/// defaults when the first node-ip is IPv6), CIDRs as networks, booleans parsed, and `disable`
/// only as whether servicelb is disabled (DisableServiceLB; other items may differ).
public enum CriticalSettings {
    public static let keys: [String] = [
        "cluster-cidr", "cluster-dns", "cluster-domain", "disable", "disable-cloud-controller",
        "disable-helm-controller", "disable-network-policy", "egress-selector-mode", "embedded-registry",
        "flannel-backend", "flannel-external-ip", "flannel-ipv6-masq", "secrets-encryption",
        "secrets-encryption-provider", "service-cidr", "supervisor-metrics",
    ]

    public static func isCritical(_ key: String) -> Bool { keys.contains(key) }

    /// The value K3s compares for `key`, given each key's effective values (nil when unset).
    public static func comparable(_ key: String, _ values: (String) -> [String]?) -> String {
        func last(_ key: String, default fallback: String) -> String { values(key)?.last ?? fallback }
        switch key {
        case "disable":
            let items = items(values("disable") ?? [])
            return items.contains("servicelb") ? "servicelb disabled" : "servicelb not disabled"
        case "cluster-cidr", "service-cidr":
            return networks(key, values).map(\.description).joined(separator: ",")
        case "cluster-dns":
            if let set = values("cluster-dns"), !items(set).isEmpty {
                return items(set).map { CIDRBlock("\($0)/\($0.contains(":") ? 128 : 32)")?.addressText ?? $0 }.joined(separator: ",")
            }
            return networks("service-cidr", values).map { $0.offset(by: 10).addressText }.joined(separator: ",")
        case "cluster-domain": return last(key, default: "cluster.local")
        case "flannel-backend": return last(key, default: "vxlan")
        case "egress-selector-mode": return last(key, default: "agent")
        case "secrets-encryption-provider": return last(key, default: "aescbc")
        default:
            guard let text = values(key)?.last else { return "false" }
            return K3sFlagCatalog.boolean(text).map { $0 ? "true" : "false" } ?? text
        }
    }

    /// Comma lists split as K3s does for CIDR, DNS and IP lists (util.SplitStringSlice).
    static func items(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }.map { TextBuffer.trimmed(String($0)) }.filter { !$0.isEmpty }
    }

    /// cluster-cidr or service-cidr as networks, K3s's default when unset
    /// (util.GetDefaultAddresses: IPv6 defaults when the first node-ip is IPv6).
    static func networks(_ key: String, _ values: (String) -> [String]?) -> [CIDRBlock] {
        var list = items(values(key) ?? [])
        if list.isEmpty {
            let ipv6 = items(values("node-ip") ?? []).first?.contains(":") ?? false
            switch (key, ipv6) {
            case ("cluster-cidr", false): list = ["10.42.0.0/16"]
            case ("cluster-cidr", true): list = ["fd00:42::/56"]
            case (_, false): list = ["10.43.0.0/16"]
            default: list = ["fd00:43::/112"]
            }
        }
        return list.compactMap { CIDRBlock($0)?.network }
    }
}

extension CIDRBlock {
    /// The network itself: host bits cleared (net.ParseCIDR's IPNet).
    var network: CIDRBlock {
        var copy = self
        for index in copy.address.indices {
            let bitsBefore = index * 8
            let keep = max(0, min(8, prefixLength - bitsBefore))
            copy.address[index] &= keep == 0 ? 0 : UInt8(truncatingIfNeeded: 0xFF << (8 - keep))
        }
        return copy
    }

    /// The address `count` after this one (utilsnet.GetIndexedIP).
    func offset(by count: Int) -> CIDRBlock {
        var copy = self
        var carry = count
        for index in copy.address.indices.reversed() where carry > 0 {
            let sum = Int(copy.address[index]) + carry
            copy.address[index] = UInt8(sum & 0xFF)
            carry = sum >> 8
        }
        return copy
    }

    /// The address alone, without the prefix length.
    var addressText: String {
        let text = description
        return String(text[..<(text.lastIndex(of: "/") ?? text.endIndex)])
    }
}
