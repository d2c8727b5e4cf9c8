import Yams

/// Reads one item of `servers:` or `agents:` in the native inventory.
enum NativeHostReader {
    static let keys = ["name", "address", "ssh", "labels", "external_ip", "vars"]
    static let externalIPKeys = ["interface", "command", "address"]

    static func read(_ node: Node, role: Role, defaults: SSHOptions, reader: inout InventoryNodeReader) -> Host? {
        let what = role == .server ? "a server entry" : "an agent entry"
        guard let entries = reader.entries(node, what: what) else { return nil }

        var name: String?
        if let entry = InventoryNodeReader.value("name", in: entries) {
            name = reader.requiredText(entry.value, what: "the \(role.rawValue)'s name")
            if let text = name, let problem = HostNameRules.problem(with: text) {
                reader.error("inventory-host-name", at: entry.value, "host name '\(text)' \(problem)")
                name = nil
            }
        } else {
            reader.error("inventory-missing-key", at: node, "\(what) has no 'name' (every host needs a unique name)")
        }
        let host = name
        reader.rejectUnknownKeys(entries, allowed: keys, in: host.map { "host '\($0)'" } ?? what, host: host)

        var address: String?
        if let entry = InventoryNodeReader.value("address", in: entries) {
            address = reader.requiredText(entry.value, what: "address", host: host)
            if let text = address, text.contains(where: \.isWhitespace) {
                reader.error("inventory-bad-value", host: host, at: entry.value, "address '\(text)' contains a space")
                address = nil
            }
        } else {
            reader.error("inventory-missing-key", host: host, at: node, "missing 'address' (IP address or DNS name to connect to)")
        }

        let ssh = InventoryNodeReader.value("ssh", in: entries)
            .map { NativeSSHOptionsReader.read($0.value, what: "the host's ssh", host: host, reader: &reader) } ?? SSHOptions()
        let labels = InventoryNodeReader.value("labels", in: entries)
            .map { readLabels($0.value, host: host, reader: &reader) } ?? [:]
        let vars = InventoryNodeReader.value("vars", in: entries)
            .map { NativeInventoryReader.readStrings($0.value, what: "vars", host: host, reader: &reader) } ?? [:]
        let externalIPEntry = InventoryNodeReader.value("external_ip", in: entries)
        let externalIP = externalIPEntry.flatMap { readExternalIP($0.value, host: host, reader: &reader) }

        guard let name, let address else { return nil }
        return Host(name: name, address: address, role: role, ssh: ssh.resolved(over: defaults), labels: labels,
                    externalIP: externalIP, vars: vars, location: reader.location(of: node),
                    externalIPLocation: externalIPEntry.map { reader.location(of: $0.keyNode) })
    }

    static func readLabels(_ node: Node, host: String?, reader: inout InventoryNodeReader) -> [String: String] {
        var labels: [String: String] = [:]
        for entry in reader.optionalEntries(node, what: "labels", host: host) {
            if entry.key.isEmpty || entry.key.contains("=") || entry.key.contains(",") {
                reader.error("inventory-bad-value", host: host, at: entry.keyNode,
                             "label name '\(entry.key)' must be non-empty and without '=' or ',' (--limit reads label=value)")
                continue
            }
            labels[entry.key] = NativeInventoryReader.text(entry, what: "label", host: host, reader: &reader)
        }
        return labels
    }

    /// `{ interface: eth1 }`, `{ command: "..." }`, `{ address: 1.2.3.4 }`, or a plain address.
    static func readExternalIP(_ node: Node, host: String?, reader: inout InventoryNodeReader) -> ExternalIPSource? {
        if InventoryNodeReader.isNull(node) { return nil }
        if node.scalar != nil {
            return reader.requiredText(node, what: "external_ip", host: host).map(ExternalIPSource.address)
        }
        guard let entries = reader.entries(node, what: "external_ip", host: host) else { return nil }
        reader.rejectUnknownKeys(entries, allowed: externalIPKeys, in: "external_ip", host: host)
        let known = entries.filter { externalIPKeys.contains($0.key) }
        if known.isEmpty, !entries.isEmpty { return nil }  // the unknown key is already reported
        guard known.count == 1, let entry = known.first else {
            reader.error("inventory-bad-value", host: host, at: node,
                         "external_ip takes exactly one of interface, command or address")
            return nil
        }
        guard let text = reader.requiredText(entry.value, what: "external_ip \(entry.key)", host: host) else { return nil }
        switch entry.key {
        case "interface": return .interface(text)
        case "command": return .command(text)
        default: return .address(text)
        }
    }
}
