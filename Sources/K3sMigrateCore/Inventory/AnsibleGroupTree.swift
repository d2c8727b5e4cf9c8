import Yams

/// An Ansible YAML inventory as Ansible sees it: groups by name, each group's hosts, vars and
/// children merged from every place the group is written, and each host's vars merged from every
/// place the host is listed.
struct AnsibleGroupTree {
    struct Group {
        var hosts: [String] = []
        var vars: [InventoryNodeReader.Entry] = []
        var children: [String] = []
        /// Distance from the top of the file: deeper groups' vars override shallower ones'.
        var depth: Int
        var node: Node?
    }

    struct HostListing {
        var group: String
        var keyNode: Node
    }

    private(set) var groups: [String: Group] = [:]
    private(set) var hostVars: [String: [InventoryNodeReader.Entry]] = [:]
    private(set) var listings: [String: [HostListing]] = [:]
    /// Hosts already in each group's `hosts`, so that listing a host twice keeps one entry.
    private var listedIn: [String: Set<String>] = [:]
    static let groupKeys = ["hosts", "vars", "children"]

    /// Reads every top-level entry as a group (usually `all`, or `k3s_cluster` directly).
    init(root entries: [InventoryNodeReader.Entry], reader: inout InventoryNodeReader) {
        for entry in entries {
            visit(group: entry.key, node: entry.value, depth: entry.key == "all" ? 0 : 1, reader: &reader)
        }
    }

    private mutating func visit(group name: String, node: Node, depth: Int, reader: inout InventoryNodeReader) {
        var group = groups[name] ?? Group(depth: depth, node: node)
        group.depth = min(group.depth, depth)
        groups[name] = group
        let entries = reader.optionalEntries(node, what: "group '\(name)'")
        for entry in entries where !Self.groupKeys.contains(entry.key) {
            var message = "unexpected key '\(entry.key)' in group '\(name)' (an Ansible group has hosts, vars and children)"
            if let guess = KeySuggestion.closest(to: entry.key, among: Self.groupKeys) { message += "; did you mean '\(guess)'?" }
            reader.warning("inventory-unknown-key", at: entry.keyNode, message)
        }
        for entry in entries {
            switch entry.key {
            case "hosts":
                for hostEntry in reader.optionalEntries(entry.value, what: "hosts of group '\(name)'") {
                    addHosts(hostEntry, group: name, reader: &reader)
                }
            case "vars":
                groups[name]?.vars += reader.optionalEntries(entry.value, what: "vars of group '\(name)'")
            case "children":
                for child in reader.optionalEntries(entry.value, what: "children of group '\(name)'") {
                    if !(groups[name]?.children.contains(child.key) ?? false) { groups[name]?.children.append(child.key) }
                    visit(group: child.key, node: child.value, depth: depth + 1, reader: &reader)
                }
            default:
                continue
            }
        }
    }

    private mutating func addHosts(_ entry: InventoryNodeReader.Entry, group: String, reader: inout InventoryNodeReader) {
        guard let names = AnsibleHostPattern.expand(entry.key) else {
            reader.error("inventory-host-name", at: entry.keyNode, "host pattern '\(entry.key)' has a malformed [start:end] range")
            return
        }
        let vars = reader.optionalEntries(entry.value, what: "vars of host '\(entry.key)'", host: entry.key)
        for name in names {
            if listedIn[group, default: []].insert(name).inserted { groups[group]?.hosts.append(name) }
            hostVars[name, default: []] += vars
            listings[name, default: []].append(HostListing(group: group, keyNode: entry.keyNode))
        }
    }

    /// Hosts of `group` and of its children, in the order they are written, each once.
    func hosts(in group: String) -> [String] {
        var result: [String] = []
        var seen: Set<String> = []
        var visited: Set<String> = []
        collect(group, into: &result, seen: &seen, visited: &visited)
        return result
    }

    private func collect(_ name: String, into result: inout [String], seen: inout Set<String>, visited: inout Set<String>) {
        guard visited.insert(name).inserted, let group = groups[name] else { return }
        for host in group.hosts where seen.insert(host).inserted { result.append(host) }
        for child in group.children { collect(child, into: &result, seen: &seen, visited: &visited) }
    }

    /// Groups `group` and all its descendants.
    func descendants(of group: String) -> Set<String> {
        var seen: Set<String> = []
        var queue = [group]
        while let next = queue.popLast() {
            guard seen.insert(next).inserted else { continue }
            queue += groups[next]?.children ?? []
        }
        return seen
    }

    /// For every host, the groups that hold it directly or through children.
    func groupsByHost() -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        for name in groups.keys {
            for host in hosts(in: name) { result[host, default: []].insert(name) }
        }
        return result
    }

    /// Vars that apply to a host in `memberOf` groups: group vars from the shallowest group to the
    /// deepest (ties by name, as Ansible does), then the host's own vars. Later entries win.
    func vars(for host: String, memberOf: Set<String>, skippingGroups skipped: Set<String> = []) -> [InventoryNodeReader.Entry] {
        let containing = memberOf.union(groups["all"] == nil ? [] : ["all"]).subtracting(skipped)
        return ordered(containing).flatMap { groups[$0]?.vars ?? [] } + (hostVars[host] ?? [])
    }

    /// Vars of `group` and of the groups above it, shallowest first.
    func vars(ofGroup group: String) -> [InventoryNodeReader.Entry] {
        ordered(groupsAbove(group)).flatMap { groups[$0]?.vars ?? [] }
    }

    /// `group` itself and every group it descends from.
    func groupsAbove(_ group: String) -> Set<String> {
        Set(groups.keys.filter { $0 == "all" || descendants(of: $0).contains(group) })
    }

    private func ordered(_ names: Set<String>) -> [String] {
        names.sorted { (groups[$0]?.depth ?? 0, $0) < (groups[$1]?.depth ?? 0, $1) }
    }
}
