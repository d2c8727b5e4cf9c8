/// What the planner learned about one targeted host: its settings, what the playbook changes
/// there, or why it is skipped or refused.
struct HostAnalysis {
    let host: Host
    let facts: HostFacts
    let settings: NodeSettings
    /// The service that runs K3s here (install.sh's name, INSTALL_K3S_NAME's too); the standard
    /// systemd name when the facts show none.
    let service: K3sService
    var skipReason: String?
    /// Facts that already show preflight would fail: the plan is refused.
    var problems: [Diagnostic] = []
    var notes: [Diagnostic] = []
    /// Keys whose effective value the plan changes, with the new values.
    var changedKeys: [(key: String, values: [String])] = []
    var fileChanges: [FileChange] = []

    init(host: Host, facts: HostFacts) {
        self.host = host
        self.facts = facts
        self.settings = NodeSettings(facts: facts, role: host.role)
        self.service = settings.service ?? .standard(host.role)
    }

    var role: Role { host.role }
    var manager: ServiceManager { service.manager }
    var name: String { host.name }
    var isSkipped: Bool { skipReason != nil }
    var changesFiles: Bool { !fileChanges.isEmpty }
    var changesServerSettings: Bool { changedKeys.contains { K3sFlagCatalog.isServerOnly($0.key) } }

    /// The effective value of a scalar key, or K3s's default when unset.
    func current(_ key: String) -> String? {
        settings.effective(key)?.value ?? K3sFlagCatalog.defaultValues(key)?.last
    }

    /// The node name the cluster knows this host by.
    /// pkg/util/net.go GetHostnameAndIPs: node-name (or K3S_NODE_NAME) if set, else the host
    /// name, and either one lowercased ("to comply with kubernetes constraint", k8s#71140).
    var nodeName: String { (settings.effective("node-name")?.value ?? host.name).lowercased() }

    /// The server others join: it has no `server:` URL, or it says `cluster-init: true`.
    var isInitServer: Bool {
        guard role == .server else { return false }
        // K3S_CLUSTER_INIT / K3S_URL in the env file count like the flags (pkg/cli/cmds EnvVars).
        if settings.effective("cluster-init")?.value.flatMap(K3sFlagCatalog.boolean) == true { return true }
        guard let server = settings.effective("server") else { return true }
        return !server.isSecretSet && server.value?.isEmpty == true
    }
}
