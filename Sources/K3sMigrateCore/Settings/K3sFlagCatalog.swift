/// What k3smigrate knows about K3s's flags: the single source of truth for which keys exist,
/// which are server-only or critical, which are booleans or lists, their defaults and secrets.
/// Names are flag names without dashes, as written in config.yaml.
public enum K3sFlagCatalog {
    /// Flags `k3s agent` accepts (all of them also exist on `k3s server`, which runs an agent).
    public static let agentFlags: Set<String> = [
        "config", "debug", "v", "vmodule", "log", "alsologtostderr",
        "token", "token-file", "server", "data-dir", "bind-address",
        "node-name", "with-node-id", "node-label", "node-taint",
        "image-credential-provider-bin-dir", "image-credential-provider-config",
        "docker", "container-runtime-endpoint", "default-runtime", "image-service-endpoint",
        "disable-default-registry-endpoint", "nonroot-devices", "pause-image", "snapshotter",
        "private-registry", "airgap-extra-registry",
        "node-ip", "node-external-ip", "node-internal-dns", "node-external-dns", "resolv-conf",
        "flannel-iface", "flannel-conf", "flannel-cni-conf",
        "vpn-auth", "vpn-auth-file",
        "kubelet-arg", "kube-proxy-arg",
        "protect-kernel-defaults", "rootless", "prefer-bundled-bin", "selinux",
        "lb-server-port", "disable-apiserver-lb", "enable-pprof",
        "no-flannel", "cri-dockerd",
    ]

    /// Flags only `k3s server` accepts. Written into an agent's config they stop the agent
    /// (`flag provided but not defined`).
    public static let serverOnlyKeys: Set<String> = [
        "https-listen-port", "supervisor-port", "apiserver-port", "apiserver-bind-address",
        "advertise-address", "advertise-port", "tls-san", "tls-san-security",
        "cluster-cidr", "service-cidr", "service-node-port-range", "cluster-dns", "cluster-domain",
        "flannel-backend", "flannel-ipv6-masq", "flannel-external-ip",
        "egress-selector-mode", "servicelb-namespace",
        "write-kubeconfig", "write-kubeconfig-mode", "write-kubeconfig-group", "write-kubeconfig-user",
        "helm-job-image", "agent-token", "agent-token-file",
        "cluster-init", "cluster-reset", "cluster-reset-restore-path",
        "kube-apiserver-arg", "etcd-arg", "kube-controller-manager-arg", "kube-controller-arg",
        "kube-scheduler-arg", "kube-cloud-controller-manager-arg",
        "datastore-endpoint", "datastore-cafile", "datastore-certfile", "datastore-keyfile",
        "etcd-expose-metrics", "etcd-disable-snapshots", "etcd-snapshot-name",
        "etcd-snapshot-schedule-cron", "etcd-snapshot-retention", "etcd-snapshot-dir",
        "etcd-snapshot-compress", "etcd-s3", "etcd-s3-endpoint", "etcd-s3-endpoint-ca",
        "etcd-s3-skip-ssl-verify", "etcd-s3-access-key", "etcd-s3-secret-key", "etcd-s3-session-token",
        "etcd-s3-bucket", "etcd-s3-bucket-lookup-type", "etcd-s3-region", "etcd-s3-folder",
        "etcd-s3-proxy", "etcd-s3-config-secret", "etcd-s3-insecure", "etcd-s3-timeout",
        "default-local-storage-path", "disable", "no-deploy",
        "disable-scheduler", "disable-cloud-controller", "disable-kube-proxy",
        "disable-network-policy", "disable-helm-controller", "disable-apiserver",
        "disable-controller-manager", "disable-etcd", "disable-agent",
        "embedded-registry", "supervisor-metrics",
        "secrets-encryption", "secrets-encryption-provider",
        "kine-tls", "multi-cluster-cidr", "cluster-secret",
        // pkg/cli/cmds: only `k3s server` defines it; an agent dies on it.
        "system-default-registry",
    ]

    /// Flags only `k3s agent` defines (a server skips them in config files, dies on them as flags).
    public static let agentOnlyKeys: Set<String> = ["disable-apiserver-lb"]

    /// Flags K3s removed, with the first release that no longer knows them. multi-cluster-cidr
    /// (added 2023-02 by k3s-io/k3s#6885, v1.26 alpha) left master on 2023-12-20 (#9075, with
    /// the v1.29.0 update; patch releases keep their flags, #9409).
    public static let removedIn: [String: K3sVersion] = [
        "no-flannel": K3sVersion(1, 26, 0, k3s: 0),
        "no-deploy": K3sVersion(1, 26, 0, k3s: 0),
        "cluster-secret": K3sVersion(1, 26, 0, k3s: 0),
        "multi-cluster-cidr": K3sVersion(1, 29, 0, k3s: 0),
    ]

    /// Flags that patch releases kept but made do nothing, from the first such release of each
    /// minor line: multi-cluster-cidr logs "multiClusterCIDR alpha feature is non-functional"
    /// from v1.26.13, v1.27.10 and v1.28.6 (k3s-io/k3s#9400, #9402, #9403).
    public static let inertFrom: [String: [K3sVersion]] = [
        "multi-cluster-cidr": [K3sVersion(1, 26, 13, k3s: 0), K3sVersion(1, 27, 10, k3s: 0), K3sVersion(1, 28, 6, k3s: 0)],
    ]

    /// The release of `version`'s minor line from which `key` does nothing; nil when it works there.
    public static func inert(_ key: String, on version: K3sVersion) -> K3sVersion? {
        inertFrom[key]?.first { $0.major == version.major && $0.minor == version.minor && version >= $0 }
    }

    /// Every flag K3s knows (server and agent).
    public static let knownKeys: Set<String> = agentFlags.union(serverOnlyKeys)

    /// Server settings a joining server compares with the server it joins: see CriticalSettings.
    public static var criticalKeys: Set<String> { Set(CriticalSettings.keys) }

    /// Flags that take no value on the command line (`--cluster-init`).
    public static let booleanFlags: Set<String> = [
        "debug", "alsologtostderr", "with-node-id", "docker", "disable-default-registry-endpoint",
        "protect-kernel-defaults", "rootless", "prefer-bundled-bin", "selinux", "disable-apiserver-lb",
        "enable-pprof", "no-flannel", "tls-san-security",
        "flannel-ipv6-masq", "flannel-external-ip", "cluster-init", "cluster-reset",
        "etcd-expose-metrics", "etcd-disable-snapshots", "etcd-snapshot-compress", "etcd-s3",
        "etcd-s3-skip-ssl-verify", "etcd-s3-insecure",
        "disable-scheduler", "disable-cloud-controller", "disable-kube-proxy", "disable-network-policy",
        "disable-helm-controller", "disable-apiserver", "disable-controller-manager", "disable-etcd",
        "disable-agent", "embedded-registry", "supervisor-metrics", "secrets-encryption",
        "kine-tls", "cri-dockerd",
    ]

    /// Flags that may be given several times (a YAML list in config.yaml).
    public static let listFlags: Set<String> = [
        "tls-san", "disable", "no-deploy", "node-label", "node-taint", "node-ip", "node-external-ip",
        "node-internal-dns", "node-external-dns", "cluster-cidr", "service-cidr", "cluster-dns",
        "kubelet-arg", "kube-proxy-arg", "kube-apiserver-arg", "etcd-arg", "kube-controller-manager-arg",
        "kube-controller-arg", "kube-scheduler-arg", "kube-cloud-controller-manager-arg",
        "airgap-extra-registry",
    ]

    /// The value K3s uses when a key is set nowhere.
    public static let defaults: [String: [String]] = [
        "flannel-backend": ["vxlan"],
        "egress-selector-mode": ["agent"],
        "cluster-cidr": ["10.42.0.0/16"],
        "service-cidr": ["10.43.0.0/16"],
        "cluster-dns": ["10.43.0.10"],
        "cluster-domain": ["cluster.local"],
        "disable": [],
    ]

    /// Keys whose values are secrets: never printed, logged or shown in a diff.
    public static let secretKeys: Set<String> = [
        "token", "agent-token", "vpn-auth", "etcd-s3-secret-key", "etcd-s3-access-key",
        "etcd-s3-session-token", "datastore-endpoint", "cluster-secret",
    ]

    /// Variables K3s reads as flags (`EnvVars` in pkg/cli/cmds). A flag in a config file or on
    /// the command line beats the variable. Server-only flags' variables mean nothing to an agent.
    public static let environmentVariables: [String: String] = [
        "K3S_URL": "server", "K3S_TOKEN": "token", "K3S_TOKEN_FILE": "token-file",
        "K3S_AGENT_TOKEN": "agent-token", "K3S_AGENT_TOKEN_FILE": "agent-token-file",
        "K3S_NODE_NAME": "node-name", "K3S_CONFIG_FILE": "config", "K3S_DATA_DIR": "data-dir",
        "K3S_DEBUG": "debug", "K3S_SELINUX": "selinux", "K3S_LB_SERVER_PORT": "lb-server-port",
        "K3S_VPN_AUTH": "vpn-auth", "K3S_VPN_AUTH_FILE": "vpn-auth-file", "K3S_RESOLV_CONF": "resolv-conf",
        "K3S_SUPERVISOR_PORT": "supervisor-port", "K3S_APISERVER_PORT": "apiserver-port",
        "K3S_APISERVER_BIND_ADDRESS": "apiserver-bind-address", "K3S_KUBECONFIG_OUTPUT": "write-kubeconfig",
        "K3S_KUBECONFIG_MODE": "write-kubeconfig-mode", "K3S_KUBECONFIG_GROUP": "write-kubeconfig-group",
        "K3S_CLUSTER_INIT": "cluster-init", "K3S_CLUSTER_RESET": "cluster-reset",
        "K3S_DATASTORE_ENDPOINT": "datastore-endpoint", "K3S_DATASTORE_CAFILE": "datastore-cafile",
        "K3S_DATASTORE_CERTFILE": "datastore-certfile", "K3S_DATASTORE_KEYFILE": "datastore-keyfile",
        "K3S_SYSTEM_DEFAULT_REGISTRY": "system-default-registry",
        "AWS_ACCESS_KEY_ID": "etcd-s3-access-key", "AWS_SECRET_ACCESS_KEY": "etcd-s3-secret-key",
        "AWS_SESSION_TOKEN": "etcd-s3-session-token",
    ]

    /// The flag `variable` sets on a node of `role`, nil when K3s ignores it there.
    public static func flag(forVariable variable: String, role: Role) -> String? {
        guard let flag = environmentVariables[variable] else { return nil }
        return role == .agent && isServerOnly(flag) ? nil : flag
    }

    /// Env-file variables whose values facts gather: those standing for a flag that is not a
    /// secret. Every other variable of an env file (K3S_TOKEN, proxies, anything unknown) is
    /// sent by name only, its value never leaves the host.
    public static var gatheredVariables: [String] {
        environmentVariables.filter { !isSecret($0.value) }.keys.sorted()
    }

    /// Flannel backends K3s has accepted at some release.
    /// pkg/agent/flannel/setup.go; `tailscale` is what vpn-auth selects.
    public static let flannelBackends: Set<String> = ["vxlan", "host-gw", "wireguard-native", "none", "wireguard", "ipsec", "tailscale"]
    public static let egressSelectorModes: Set<String> = ["disabled", "agent", "pod", "cluster"]

    /// Short names K3s defines (pkg/cli/cmds `Aliases`), valid on the command line and as
    /// config keys alike: `-t` is `--token`.
    public static let aliases: [String: String] = [
        "t": "token", "s": "server", "d": "data-dir", "i": "node-ip", "o": "write-kubeconfig",
        "c": "config", "l": "log",
    ]

    /// The flag a written name stands for: an alias's long name, else the name itself.
    public static func canonical(_ name: String) -> String { aliases[name] ?? name }

    public static func isKnown(_ key: String) -> Bool { knownKeys.contains(key) }
    /// StringSlice flags (pkg/cli/cmds): every occurrence accumulates; the command line's items
    /// come after the config files' items instead of replacing them.
    public static func isList(_ key: String) -> Bool { listFlags.contains(key) }
    /// Families of server flags, so that flags newer than this list are still recognised.
    public static let serverOnlyPrefixes = [
        "etcd-", "datastore-", "write-kubeconfig", "cluster-reset", "secrets-encryption", "kube-apiserver-",
        "kube-controller-", "kube-scheduler-", "kube-cloud-controller-", "flannel-", "disable-", "tls-san",
    ]

    /// Server-only: listed, or of a server flag family and not an agent flag (flannel-iface,
    /// flannel-conf, disable-apiserver-lb... are per node).
    public static func isServerOnly(_ key: String) -> Bool {
        serverOnlyKeys.contains(key)
            || (!agentFlags.contains(key) && serverOnlyPrefixes.contains { key.hasPrefix($0) })
    }
    public static func isCritical(_ key: String) -> Bool { CriticalSettings.isCritical(key) }
    public static func isBoolean(_ key: String) -> Bool { booleanFlags.contains(key) }
    public static func isSecret(_ key: String) -> Bool { secretKeys.contains(key) }

    /// The default value of a boolean flag is false; of the keys in `defaults`, as listed.
    public static func defaultValues(_ key: String) -> [String]? {
        if let value = defaults[key] { return value }
        return isBoolean(key) ? ["false"] : nil
    }

    /// How K3s reads a boolean flag's value: Go's strconv.ParseBool. Config files' unquoted
    /// YAML 1.1 booleans (`yes`, `on`, ...) already arrive as `true`/`false` (see
    /// `yaml11Boolean`); a quoted "yes" or `--flag=yes` is no boolean. nil when not one.
    public static func boolean(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": return true
        case "0", "f", "F", "FALSE", "false", "False": return false
        default: return nil
        }
    }

    /// What an unquoted YAML 1.1 scalar resolves to when it is a boolean (go-yaml, which K3s's
    /// config reader uses, then prints it as `true`/`false`); nil otherwise.
    public static func yaml11Boolean(_ text: String) -> Bool? {
        switch text {
        case "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE": return true
        case "n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE": return false
        default: return nil
        }
    }
}
