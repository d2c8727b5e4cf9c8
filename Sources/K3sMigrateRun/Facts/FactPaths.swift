import K3sMigrateCore

/// The one list of what facts are made of: the files read from a node (live or from a facts
/// directory), the sysctls and kernel modules probed. Env files are facts too, but only as
/// the host sends them: each variable outside `K3sFlagCatalog.gatheredVariables` (K3S_TOKEN,
/// K3S_AGENT_TOKEN, K3S_VPN_AUTH, K3S_DATASTORE_ENDPOINT, proxies...) by name only
/// (`EnvironmentFileReader.sanitized`), never its value.
public enum FactPaths {
    /// Env files K3s's services read (install.sh): `k3s.service.env`, `k3s-agent.service.env`
    /// (and `k3s-NAME.service.env` for INSTALL_K3S_NAME), OpenRC's /etc/rancher/k3s/k3s*.env.
    public static let environmentFiles: [FactPath] = [
        .directory(K3sPaths.systemdDir, patterns: ["k3s*.service.env"]),
        .directory(K3sPaths.configDir, patterns: ["k3s*.env"]),
    ]

    public static let all: [FactPath] = [
        .file(K3sPaths.config),
        // K3s reads .yaml/.yml in any letter case (util.HasSuffixI).
        .directory(K3sPaths.dropInDir, patterns: dropInPatterns),
        .file(K3sPaths.systemdUnit(.server)),
        // k3s-agent.service, and INSTALL_K3S_NAME's k3s-NAME.service units.
        .directory(K3sPaths.systemdDir, patterns: ["k3s-*.service"]),
        // `systemctl edit k3s` drop-ins: ExecStart= resets, Environment= lines.
        .directory(K3sPaths.systemdUnit(.server) + ".d", patterns: ["*.conf"]),
        .directory(K3sPaths.systemdUnit(.agent) + ".d", patterns: ["*.conf"]),
        .file(K3sPaths.openrcScript(.server)),
        // k3s-agent, and INSTALL_K3S_NAME's /etc/init.d/k3s-NAME scripts.
        .directory(K3sPaths.openrcDir, patterns: ["k3s-*"]),
        .file(K3sPaths.cniDir + "/10-canal.conflist"),
        .file(K3sPaths.cniDir + "/10-calico.conflist"),
        .directory(K3sPaths.sysctlDir, patterns: ["*k3s*.conf"]),
        // Present on servers with embedded etcd (refresh-external-ip warns for them).
        .file("/var/lib/rancher/k3s/server/db/etcd/config"),
        // The cluster network the node runs (check: dual-stack only at cluster creation).
        .file("/var/lib/rancher/k3s/agent/etc/flannel/net-conf.json"),
    ] + environmentFiles

    static let dropInPatterns = ["*.[yY][aA][mM][lL]", "*.[yY][mM][lL]"]

    /// What facts keep of `content` read at `path`: an env file sanitized (secret values
    /// replaced by a marker), whatever sent it; every other file as it is.
    public static func kept(_ content: [UInt8], at path: String) -> [UInt8] {
        guard isEnvironmentFile(path) else { return content }
        return LosslessText.encode(EnvironmentFileReader.sanitized(LosslessText.decode(content)))
    }

    /// Whether `path` is an env file: a fact only in its sanitized form.
    public static func isEnvironmentFile(_ path: String) -> Bool {
        environmentFiles.contains { $0.matches(path) }
    }

    /// Paths the first read of `facts` points at, read in a second round: the config file and
    /// drop-in directory K3s reads when K3S_CONFIG_FILE or `--config` moves it away from
    /// /etc/rancher/k3s/config.yaml (found in `facts`' units and env files), and the drop-in
    /// directory `k3s-NAME.service.d/` of each INSTALL_K3S_NAME unit.
    public static func configPaths(for facts: HostFacts) -> [FactPath] {
        let paths = Set(Role.allCases.map { NodeSettings(facts: facts, role: $0).configPath }).subtracting([K3sPaths.config])
        let configs = paths.sorted().flatMap { path -> [FactPath] in
            guard path.hasPrefix("/"), !path.split(separator: "/").contains("..") else { return [] }
            return [.file(path), .directory(path + ".d", patterns: dropInPatterns)]
        }
        return configs + namedUnitDropIns(in: facts)
    }

    /// `/etc/systemd/system/k3s-NAME.service.d` (`*.conf`) of every named unit in `facts`.
    static func namedUnitDropIns(in facts: HostFacts) -> [FactPath] {
        let prefix = K3sPaths.systemdDir + "/k3s-"
        let standard = Set(Role.allCases.map { K3sPaths.systemdUnit($0) })
        return facts.files.keys.filter { path in
            path.hasPrefix(prefix) && path.hasSuffix(".service") && !standard.contains(path)
                && !path.dropFirst(prefix.count).contains("/")
                && K3sService.isValidName(String(path.dropFirst(K3sPaths.systemdDir.count + 1).dropLast(".service".count)))
        }.sorted().map { .directory($0 + ".d", patterns: ["*.conf"]) }
    }

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

    /// Files that hold nothing but secrets: never read, saved or kept.
    public static func isSecret(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name == "token" || name.hasSuffix("-token")
    }
}
