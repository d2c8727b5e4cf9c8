import K3sMigrateCore

/// The one list of what facts are made of: the files read from a node (live or from a facts
/// directory), the sysctls and kernel modules probed. Env files (`k3s.service.env`, `k3s.env`)
/// hold K3S_TOKEN and are never read, saved or kept.
public enum FactPaths {
    public static let all: [FactPath] = [
        .file(K3sPaths.config),
        .directory(K3sPaths.dropInDir, patterns: ["*.yaml", "*.yml"]),
        .file(K3sPaths.systemdUnit(.server)),
        .file(K3sPaths.systemdUnit(.agent)),
        .file(K3sPaths.openrcScript(.server)),
        .file(K3sPaths.openrcScript(.agent)),
        .file(K3sPaths.cniDir + "/10-canal.conflist"),
        .file(K3sPaths.cniDir + "/10-calico.conflist"),
        .directory(K3sPaths.sysctlDir, patterns: ["*k3s*.conf"]),
        // Present on servers with embedded etcd (refresh-external-ip warns for them).
        .file("/var/lib/rancher/k3s/server/db/etcd/config"),
        // The cluster network the node runs (check: dual-stack only at cluster creation).
        .file("/var/lib/rancher/k3s/agent/etc/flannel/net-conf.json"),
    ]

    /// Sysctls whose values playbooks read (IPv6 router advertisements, forwarding).
    public static let sysctls = [
        "net.ipv4.ip_forward",
        "net.ipv6.conf.all.forwarding",
        "net.ipv6.conf.all.accept_ra",
        "net.ipv6.conf.default.accept_ra",
    ]

    /// Kernel modules whose availability (loaded or loadable) is probed.
    public static let kernelModules = ["wireguard"]

    /// Whether `path` is a fact file, and not a secret.
    public static func isFact(_ path: String) -> Bool {
        !isSecret(path) && all.contains { $0.matches(path) }
    }

    /// Files that hold secrets (K3S_TOKEN and friends): never read, saved or kept.
    public static func isSecret(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasSuffix(".env") || name == "token" || name.hasSuffix("-token")
    }
}
