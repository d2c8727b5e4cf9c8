import Yams

/// One file from `group_vars/` or `host_vars/` beside a k3s-ansible inventory, as text (the
/// caller reads it; the core does no I/O).
public struct AnsibleVarsFile: Sendable, Hashable {
    public enum Scope: Sendable, Hashable {
        case group(String)
        case host(String)
    }

    public var scope: Scope
    public var file: String
    public var text: String

    public init(scope: Scope, file: String, text: String) {
        self.scope = scope
        self.file = file
        self.text = text
    }

    /// The groups whose `group_vars/` k3smigrate reads (k3s-ansible's and techno-tim's names).
    public static let groups = ["all", "k3s_cluster", "server", "agent", "master", "node"]
}

/// What `group_vars/` and `host_vars/` say, read with each file's own name and lines in
/// diagnostics: connection settings, the cluster name, k3s_version and other plain vars. Ansible's
/// precedence: group_vars/all < group_vars/k3s_cluster < group_vars/server|agent, all above the
/// inventory's own group vars; host_vars/NAME above the inventory's host vars.
struct AnsibleVarsFiles {
    struct Scoped {
        var ssh = SSHOptions()
        var address: String?
        var vars: [String: String] = [:]
        var clusterName: String?
    }

    private(set) var groups: [String: Scoped] = [:]
    private(set) var hosts: [String: Scoped] = [:]
    private(set) var diagnostics: [Diagnostic] = []

    /// Keys k3smigrate reads from these files; every other key is named in a warning.
    static let readKeys: Set<String> = Set(AnsibleVars.addressKeys + AnsibleVars.userKeys + AnsibleVars.portKeys
        + AnsibleVars.identityKeys + AnsibleVars.timeoutKeys + AnsibleVars.sshArgKeys
        + ["ansible_become", "ansible_become_method", "k3s_version", AnsibleInventoryReader.clusterNameVar, "cni_ipam"])

    init(_ files: [AnsibleVarsFile]) {
        for file in files { read(file) }
    }

    private mutating func read(_ file: AnsibleVarsFile) {
        var reader = InventoryNodeReader(file: file.file)
        let root: Node?
        do {
            root = try Yams.compose(yaml: file.text, .default, .default, .utf8)
        } catch {
            diagnostics.append(InventoryFormat.yamlDiagnostic(error, file: file.file))
            return
        }
        guard let root, !InventoryNodeReader.isNull(root) else { return }
        guard let entries = reader.entries(root, what: "a vars file") else {
            diagnostics += reader.diagnostics
            return
        }
        let vars = AnsibleVars.effective(entries)
        var host: String?
        if case .host(let name) = file.scope { host = name }
        var scoped = Scoped()
        scoped.ssh = AnsibleSSHOptions.read(vars, host: host, reader: &reader)
        if host != nil, vars.keys.contains(where: AnsibleVars.addressKeys.contains) {
            scoped.address = AnsibleSSHOptions.address(vars, name: host ?? "", reader: &reader)
        }
        for (key, entry) in vars where !key.hasPrefix("ansible_") && !AnsibleVars.isSecret(key, entry.value) {
            guard let scalar = entry.value.scalar, !AnsibleVars.isTemplate(scalar.string) else { continue }
            scoped.vars[key] = InventoryNodeReader.isNull(entry.value) ? "" : scalar.string
        }
        if let name = scoped.vars.removeValue(forKey: AnsibleInventoryReader.clusterNameVar) {
            if HostNameRules.problem(with: name) == nil { scoped.clusterName = name } else {
                reader.error("inventory-bad-value", at: vars[AnsibleInventoryReader.clusterNameVar]?.value,
                             "\(AnsibleInventoryReader.clusterNameVar) '\(name)' is not a usable cluster name")
            }
        }
        let unread = entries.map(\.key).filter { !Self.readKeys.contains($0) }
        if !unread.isEmpty {
            reader.warning("inventory-vars-not-read", host: host, at: root,
                           "not read by k3smigrate: \(unread.joined(separator: ", ")) (it reads \(Self.summaryOfReadKeys))")
        }
        diagnostics += reader.diagnostics
        switch file.scope {
        case .group(let name): groups[name] = merge(scoped, over: groups[name])
        case .host(let name): hosts[name] = merge(scoped, over: hosts[name])
        }
    }

    static let summaryOfReadKeys = "ansible_host, ansible_user, ansible_port, ansible_become, ansible_ssh_private_key_file, ansible_ssh_common_args, k3s_version, k3smigrate_cluster"

    /// Later files of the same scope (a `group_vars/all/` directory) win.
    private func merge(_ top: Scoped, over bottom: Scoped?) -> Scoped {
        guard let bottom else { return top }
        return Scoped(ssh: top.ssh.resolved(over: bottom.ssh), address: top.address ?? bottom.address,
                      vars: bottom.vars.merging(top.vars) { $1 }, clusterName: top.clusterName ?? bottom.clusterName)
    }

    /// group_vars of `names`, lowest precedence first, merged.
    func groups(_ names: [String]) -> Scoped {
        names.compactMap { groups[$0] }.reduce(Scoped()) { merge($1, over: $0) }
    }
}
