import K3sMigrateCore

/// `facts.yaml` in a host's facts directory: what the mirrored files can't say.
///
/// ```yaml
/// k3s_version: v1.25.16+k3s4
/// kernel_modules: [wireguard]
/// interfaces: [eth0, flannel.1]
/// addresses: { eth1: [203.0.113.7] }
/// sysctls: { net.ipv6.conf.all.accept_ra: "1" }
/// probes: { external-ip: 203.0.113.7 }
/// files:
///   /etc/rancher/k3s/config.yaml: { mode: "0600", owner: root, group: root }
/// firewall: { iptables: iptables.rules, ip6tables: ip6tables.rules }
/// ```
struct FactsFile: Equatable {
    struct FileMetadata: Equatable {
        var mode: UInt32?
        var owner: String?
        var group: String?
        var line = 0
    }

    struct FirewallFile: Equatable {
        /// File name inside the host's directory.
        var name: String
        var line = 0
    }

    static let keys = ["k3s_version", "kernel_modules", "interfaces", "addresses", "sysctls", "probes", "files", "firewall"]
    static let fileKeys = ["mode", "owner", "group"]
    static let name = "facts.yaml"

    var k3sVersion: K3sVersion?
    var kernelModules: Set<String>?
    var interfaces: [String]?
    var addresses: [String: [String]] = [:]
    var sysctls: [String: String] = [:]
    var probes: [String: String] = [:]
    var files: [String: FileMetadata] = [:]
    var firewall: [String: FirewallFile] = [:]

    /// Mode as written in facts.yaml: octal with a leading zero, e.g. "0600".
    static func modeText(_ mode: UInt32) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    static func mode(from text: String) -> UInt32? {
        guard !text.isEmpty, text.count <= 5, let mode = UInt32(text, radix: 8), mode <= 0o7777 else { return nil }
        return mode
    }
}
