import Yams

/// Reads k3smigrate's own inventory format; `inventory.example.yaml` documents every key.
enum NativeInventoryReader {
    static let topKeys = ["cluster", "ssh", "vars", "servers", "agents"]

    static func read(_ root: Node, file: String, reader: inout InventoryNodeReader) -> Inventory? {
        guard let entries = reader.entries(root, what: "the inventory") else { return nil }
        reader.rejectUnknownKeys(entries, allowed: topKeys, in: "the inventory")

        var cluster: String?
        if let entry = InventoryNodeReader.value("cluster", in: entries) {
            cluster = reader.requiredText(entry.value, what: "cluster")
            if let name = cluster, let problem = HostNameRules.problem(with: name) {
                reader.error("inventory-bad-value", at: entry.value, "cluster name '\(name)' \(problem)")
                cluster = nil
            }
        } else {
            reader.error("inventory-missing-key", at: root, "missing required key 'cluster' (the cluster's name, used for locks and journals)")
        }

        let defaults = InventoryNodeReader.value("ssh", in: entries)
            .map { NativeSSHOptionsReader.read($0.value, what: "ssh", host: nil, reader: &reader) } ?? SSHOptions()
        let vars = InventoryNodeReader.value("vars", in: entries)
            .map { readStrings($0.value, what: "vars", host: nil, reader: &reader) } ?? [:]

        var servers: [Host] = []
        if let entry = InventoryNodeReader.value("servers", in: entries) {
            let items = reader.optionalItems(entry.value, what: "servers")
            if items.isEmpty, entry.value.sequence != nil || InventoryNodeReader.isNull(entry.value) {
                reader.error("inventory-missing-key", at: entry.value, "servers is empty: at least one server is required")
            }
            servers = items.compactMap { NativeHostReader.read($0, role: .server, defaults: defaults, reader: &reader) }
        } else {
            reader.error("inventory-missing-key", at: root, "missing required key 'servers' (the list of K3s servers)")
        }
        let agents = InventoryNodeReader.value("agents", in: entries).map {
            reader.optionalItems($0.value, what: "agents")
                .compactMap { NativeHostReader.read($0, role: .agent, defaults: defaults, reader: &reader) }
        } ?? []

        HostListChecks.check(servers: servers, agents: agents, reader: &reader)
        guard let cluster else { return nil }
        return Inventory(cluster: cluster, ssh: defaults, servers: servers, agents: agents, vars: vars, file: file)
    }

    /// A mapping of names to single values (`vars:`).
    static func readStrings(_ node: Node, what: String, host: String?, reader: inout InventoryNodeReader) -> [String: String] {
        var result: [String: String] = [:]
        for entry in reader.optionalEntries(node, what: what, host: host) {
            result[entry.key] = text(entry, what: what, host: host, reader: &reader)
        }
        return result
    }

    /// The entry's single value; an empty value reads as "".
    static func text(_ entry: InventoryNodeReader.Entry, what: String, host: String?, reader: inout InventoryNodeReader) -> String? {
        if InventoryNodeReader.isNull(entry.value) { return "" }
        return reader.optionalText(entry.value, what: "\(what) '\(entry.key)'", host: host)
    }
}
