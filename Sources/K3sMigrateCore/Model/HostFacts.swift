/// A file as it is on the host, read-only.
public struct FileFact: Sendable, Hashable, Codable {
    /// Absolute path on the host, e.g. `/etc/rancher/k3s/config.yaml`.
    public var path: String
    /// Raw bytes; K3s files are text, decoded as UTF-8 by the settings model (bytes that are not
    /// UTF-8 kept as escapes that encode back to them: `LosslessText`).
    public var content: [UInt8]
    /// Permission bits, e.g. 0o600; nil when unknown (offline facts without a mode).
    public var mode: UInt32?
    public var owner: String?
    public var group: String?
    /// When `path` is a symlink, the resolved target that edits must be written to.
    public var symlinkTarget: String?

    public init(path: String, content: [UInt8], mode: UInt32? = nil, owner: String? = nil,
                group: String? = nil, symlinkTarget: String? = nil) {
        self.path = path
        self.content = content
        self.mode = mode
        self.owner = owner
        self.group = group
        self.symlinkTarget = symlinkTarget
    }

    public init(path: String, text: String, mode: UInt32? = nil) {
        self.init(path: path, content: LosslessText.encode(text), mode: mode)
    }

    /// The content as text; `LosslessText.encode(text) == content` whatever the bytes.
    public var text: String { LosslessText.decode(content) }
}

/// Everything the planner and `check` know about one host: its K3s files and a few probes.
/// Gathered read-only over SSH (`facts`) or read from a directory (`--from-dir`).
public struct HostFacts: Sendable, Hashable, Codable {
    public var host: String
    /// K3s files by absolute path: config.yaml, drop-ins, unit or OpenRC script, CNI conflists...
    public var files: [String: FileFact]
    public var k3sVersion: K3sVersion?
    /// Kernel modules that are loaded or loadable (e.g. `wireguard`). nil: not known.
    public var kernelModules: Set<String>?
    /// Network interface names present on the host. nil: not known.
    public var interfaces: [String]?
    /// Global addresses by interface name, for external-IP refresh.
    public var addresses: [String: [String]]
    /// Output of `iptables-save` / `ip6tables-save` (keys `iptables`, `ip6tables`, and
    /// `iptables-legacy`, `ip6tables-legacy` when that backend has rules).
    public var firewallDumps: [String: String]
    /// Results of probes a playbook asked for (e.g. an external-IP command), by name.
    public var probes: [String: String]
    /// Value of `sysctl` keys that playbooks care about.
    public var sysctls: [String: String]

    public init(host: String, files: [String: FileFact] = [:], k3sVersion: K3sVersion? = nil,
                kernelModules: Set<String>? = nil, interfaces: [String]? = nil,
                addresses: [String: [String]] = [:], firewallDumps: [String: String] = [:],
                probes: [String: String] = [:], sysctls: [String: String] = [:]) {
        self.host = host
        self.files = files
        self.k3sVersion = k3sVersion
        self.kernelModules = kernelModules
        self.interfaces = interfaces
        self.addresses = addresses
        self.firewallDumps = firewallDumps
        self.probes = probes
        self.sysctls = sysctls
    }

    public func file(_ path: String) -> FileFact? { files[path] }

    /// `probes` key: "yes" when the host has strongSwan's `swanctl` (ipsec on releases that
    /// ship none needs it), "no" when not.
    public static let swanctlProbe = "swanctl"
    /// `probes` key on a server: the nodes its cluster lists with their flannel backend types
    /// (see ClusterNodes).
    public static let clusterNodesProbe = "cluster-nodes"
}

/// Facts for the whole fleet, keyed by host name.
public struct FleetFacts: Sendable, Hashable, Codable {
    public var hosts: [String: HostFacts]
    public init(_ hosts: [String: HostFacts] = [:]) { self.hosts = hosts }
    public subscript(host: String) -> HostFacts? { hosts[host] }
}

/// Where K3s keeps things on a node (install.sh layout).
public enum K3sPaths {
    public static let configDir = "/etc/rancher/k3s"
    public static let config = "/etc/rancher/k3s/config.yaml"
    public static let dropInDir = "/etc/rancher/k3s/config.yaml.d"
    public static let systemdDir = "/etc/systemd/system"
    public static let openrcDir = "/etc/init.d"
    public static let cniDir = "/etc/cni/net.d"
    public static let sysctlDir = "/etc/sysctl.d"

    public static func systemdUnit(_ role: Role) -> String { "\(systemdDir)/\(role.serviceName).service" }
    public static func systemdEnv(_ role: Role) -> String { "\(systemdDir)/\(role.serviceName).service.env" }
    public static func openrcScript(_ role: Role) -> String { "\(openrcDir)/\(role.serviceName)" }

    /// Drop-in files of the config file `main` among `paths`, in the order K3s reads them
    /// (pkg/configfilearg `dotDFiles`): regular files directly in `<main>.d/` whose names end
    /// in .yaml or .yml in any letter case, in byte order of the name.
    public static func dropIns(in paths: some Sequence<String>, of main: String = config) -> [String] {
        let directory = main + ".d"
        return paths.filter { path in
            guard path.hasPrefix(directory + "/") else { return false }
            let name = path.dropFirst(directory.count + 1).lowercased()
            return !name.contains("/") && (name.hasSuffix(".yaml") || name.hasSuffix(".yml"))
        }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }
}
