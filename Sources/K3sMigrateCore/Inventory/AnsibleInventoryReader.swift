import Foundation
import Yams

/// Reads a k3s-ansible YAML inventory as it is: `k3s_cluster` with `server` and `agent` children
/// (or `master` and `node`, as techno-tim/k3s-ansible names them), connection settings from
/// `ansible_*` vars. Templates are not evaluated and secrets are never copied.
enum AnsibleInventoryReader {
    typealias Entry = InventoryNodeReader.Entry

    static let clusterGroup = "k3s_cluster"
    static let serverGroups = ["server", "master"]
    static let agentGroups = ["agent", "node"]
    static let clusterNameVar = "k3smigrate_cluster"

    /// True when the file is an Ansible inventory that holds a `k3s_cluster` group, at the top or
    /// as a child of another group (`all: children: k3s_cluster:`).
    static func recognizes(_ entries: [Entry]) -> Bool {
        entries.contains { entry in
            entry.key == clusterGroup
                || (entry.key == "children" && entry.value.mapping?[clusterGroup] != nil)
                || holdsClusterGroup(entry.value, depth: 0)
        }
    }

    /// Whether a group body has `k3s_cluster` among its children, at any depth.
    private static func holdsClusterGroup(_ node: Node, depth: Int) -> Bool {
        guard depth < 16, let children = node.mapping?["children"]?.mapping else { return false }
        if children[clusterGroup] != nil { return true }
        return children.values.contains { holdsClusterGroup($0, depth: depth + 1) }
    }

    private static func isGroupBody(_ entries: [Entry]) -> Bool {
        !entries.isEmpty && entries.allSatisfy { AnsibleGroupTree.groupKeys.contains($0.key) }
    }

    static func read(_ root: Node, entries: [Entry], file: String, varsFiles: [AnsibleVarsFile] = [],
                     reader: inout InventoryNodeReader) -> Inventory? {
        let files = AnsibleVarsFiles(varsFiles)
        for diagnostic in files.diagnostics { reader.append(diagnostic) }
        // A file whose top level is one group body (hosts/vars/children) is the `all` group.
        let groupsEntries = isGroupBody(entries)
            ? [Entry(key: "all", keyNode: root, value: root)]
            : entries
        let tree = AnsibleGroupTree(root: groupsEntries, reader: &reader)
        let clusterGroups = tree.descendants(of: clusterGroup)
        guard let serverGroup = roleGroup(serverGroups, within: clusterGroups, tree: tree) else {
            let children = tree.groups[clusterGroup]?.children ?? []
            reader.error("inventory-missing-key", at: tree.groups[clusterGroup]?.node ?? root,
                         "group \(clusterGroup) has no 'server' group among its children (found: \(children.isEmpty ? "none" : children.joined(separator: ", ")))")
            return nil
        }
        let agentGroup = roleGroup(agentGroups, within: clusterGroups, tree: tree)

        let clusterVars = AnsibleVars.effective(tree.vars(ofGroup: clusterGroup))
        let clusterFiles = files.groups(["all", clusterGroup])
        let defaults = clusterFiles.ssh.resolved(over: AnsibleSSHOptions.read(clusterVars, host: nil, reader: &reader))
        let vars = plainVars(clusterVars, host: nil, reader: &reader).merging(clusterFiles.vars) { $1 }
        warnAboutManagedConfig(tree, reader: &reader)

        let membership = tree.groupsByHost()
        let clusterLevel = tree.groupsAbove(clusterGroup)
        func hosts(of group: String, role: Role) -> [Host] {
            let roleGroups = tree.descendants(of: group)
            return tree.hosts(in: group).compactMap { name in
                let listing = tree.listings[name]?.first { roleGroups.contains($0.group) } ?? tree.listings[name]?.first
                return host(name, role: role, tree: tree, memberOf: membership[name] ?? [], clusterLevel: clusterLevel,
                            defaults: defaults, files: files, at: listing?.keyNode, reader: &reader)
            }
        }
        let servers = hosts(of: serverGroup, role: .server)
        let agents = agentGroup.map { hosts(of: $0, role: .agent) } ?? []
        if tree.hosts(in: serverGroup).isEmpty {
            reader.error("inventory-missing-key", at: tree.groups[serverGroup]?.node ?? root,
                         "group '\(serverGroup)' lists no hosts: at least one server is required")
        }

        let placed = Set(tree.hosts(in: serverGroup) + (agentGroup.map { tree.hosts(in: $0) } ?? []))
        let unplaced = tree.hosts(in: clusterGroup).filter { !placed.contains($0) }
        if !unplaced.isEmpty {
            reader.warning("inventory-host-without-role", at: tree.groups[clusterGroup]?.node,
                           "hosts in \(clusterGroup) but in neither '\(serverGroup)' nor '\(agentGroup ?? "agent")' are ignored: \(unplaced.joined(separator: ", "))")
        }
        HostListChecks.check(servers: servers, agents: agents, reader: &reader)

        let cluster = clusterFiles.clusterName ?? clusterName(clusterVars, file: file, reader: &reader)
        return Inventory(cluster: cluster, ssh: defaults, servers: servers, agents: agents, vars: vars, file: file)
    }

    private static func roleGroup(_ names: [String], within clusterGroups: Set<String>, tree: AnsibleGroupTree) -> String? {
        names.first { clusterGroups.contains($0) } ?? names.first { tree.groups[$0] != nil }
    }

    private static func host(_ name: String, role: Role, tree: AnsibleGroupTree, memberOf: Set<String>,
                             clusterLevel: Set<String>, defaults: SSHOptions, files: AnsibleVarsFiles, at node: Node?,
                             reader: inout InventoryNodeReader) -> Host? {
        if let problem = HostNameRules.problem(with: name) {
            reader.error("inventory-host-name", at: node, "host name '\(name)' \(problem)")
            return nil
        }
        let allVars = AnsibleVars.effective(tree.vars(for: name, memberOf: memberOf))
        let ownVars = AnsibleVars.effective(tree.vars(for: name, memberOf: memberOf, skippingGroups: clusterLevel))
        var ssh = AnsibleSSHOptions.read(allVars, host: name, reader: &reader)
        guard var address = AnsibleSSHOptions.address(allVars, name: name, reader: &reader) else { return nil }
        var vars = plainVars(ownVars, host: name, reader: &reader)
        // group_vars/ and host_vars/ files: role group files above the inventory's group vars,
        // host_vars above the inventory's host vars (read again here, silently: already reported).
        let roleGroups = role == .server ? serverGroups : agentGroups
        let roleFiles = files.groups(["all", clusterGroup] + roleGroups)
        var scratch = InventoryNodeReader(file: reader.file)
        let inlineHost = AnsibleSSHOptions.read(AnsibleVars.effective(tree.hostVars[name] ?? []), host: name, reader: &scratch)
        ssh = inlineHost.resolved(over: roleFiles.ssh.resolved(over: ssh))
        vars.merge(files.groups(roleGroups).vars) { $1 }
        if let hostFile = files.hosts[name] {
            ssh = hostFile.ssh.resolved(over: ssh)
            address = hostFile.address ?? address
            vars.merge(hostFile.vars) { $1 }
        }
        let location = node.map { reader.location(of: $0) } ?? SourceLocation(file: reader.file)
        return Host(name: name, address: address, role: role, ssh: ssh.resolved(over: defaults),
                    vars: vars, location: location)
    }

    /// Vars a playbook may read: single values that are neither connection settings, secrets
    /// nor templates. Ignored templates are reported by name, never by value.
    private static func plainVars(_ vars: [String: Entry], host: String?, reader: inout InventoryNodeReader) -> [String: String] {
        var result: [String: String] = [:]
        for (key, entry) in vars where !key.hasPrefix("ansible_") && !AnsibleVars.isSecret(key, entry.value) {
            guard let scalar = entry.value.scalar else { continue }
            if AnsibleVars.isTemplate(scalar.string) {
                reader.warning("inventory-template-ignored", host: host, at: entry.keyNode,
                               "ignored '\(key)': its value is an Ansible template ({{ ... }}), which k3smigrate does not evaluate")
                continue
            }
            result[key] = InventoryNodeReader.isNull(entry.value) ? "" : scalar.string
        }
        return result
    }

    private static func warnAboutManagedConfig(_ tree: AnsibleGroupTree, reader: inout InventoryNodeReader) {
        let written = tree.groups.values.flatMap(\.vars) + tree.hostVars.values.flatMap { $0 }
        let managed = AnsibleVars.k3sConfigVars.filter { key in written.contains { $0.key == key } }
        guard let firstKey = managed.first else { return }
        let first = written.filter { $0.key == firstKey }.min { reader.line(of: $0.keyNode) < reader.line(of: $1.keyNode) }
        reader.warning("inventory-ansible-managed", at: first?.keyNode,
                       "k3s-ansible writes K3s's configuration from \(managed.joined(separator: ", ")): re-running that playbook would undo changes k3smigrate makes; update those vars too")
    }

    /// `k3smigrate_cluster` when set, else the inventory file's name without extension.
    private static func clusterName(_ vars: [String: Entry], file: String, reader: inout InventoryNodeReader) -> String {
        if let entry = vars[clusterNameVar], let name = entry.value.scalar?.string,
           !AnsibleVars.isTemplate(name), HostNameRules.problem(with: name) == nil {
            return name
        }
        let stem = (URL(fileURLWithPath: file).lastPathComponent as NSString).deletingPathExtension
        let name = HostNameRules.problem(with: stem) == nil ? stem : clusterGroup
        reader.warning("inventory-cluster-name", at: nil,
                       "an Ansible inventory has no cluster name; using '\(name)' for locks and journals (set \(clusterNameVar) in the \(clusterGroup) vars to choose one)")
        return name
    }
}
