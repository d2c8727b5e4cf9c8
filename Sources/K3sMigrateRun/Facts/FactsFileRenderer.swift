import Yams

/// Writes `facts.yaml`, keys in a fixed order and maps sorted, so that saved facts diff cleanly.
enum FactsFileRenderer {
    static func render(_ facts: FactsFile) throws -> String {
        var pairs: [(Node, Node)] = []
        func add(_ key: String, _ value: Node) { pairs.append((Node(key), value)) }

        if let version = facts.k3sVersion { add("k3s_version", Node(version.description)) }
        if let modules = facts.kernelModules { add("kernel_modules", flowList(modules.sorted())) }
        if let interfaces = facts.interfaces { add("interfaces", flowList(interfaces)) }
        if !facts.addresses.isEmpty {
            add("addresses", Node(facts.addresses.sorted { $0.key < $1.key }.map { (Node($0.key), flowList($0.value)) }))
        }
        if !facts.sysctls.isEmpty { add("sysctls", quotedMap(facts.sysctls)) }
        if !facts.probes.isEmpty { add("probes", quotedMap(facts.probes)) }
        if !facts.files.isEmpty {
            add("files", Node(facts.files.sorted { $0.key < $1.key }.map { path, metadata in
                var fields: [(Node, Node)] = []
                if let mode = metadata.mode { fields.append((Node("mode"), Node(FactsFile.modeText(mode), .implicit, .doubleQuoted))) }
                if let owner = metadata.owner { fields.append((Node("owner"), Node(owner))) }
                if let group = metadata.group { fields.append((Node("group"), Node(group))) }
                return (Node(path), Node(fields, .implicit, .flow))
            }))
        }
        if !facts.firewall.isEmpty {
            add("firewall", Node(facts.firewall.sorted { $0.key < $1.key }.map { (Node($0.key), Node($0.value.name)) }))
        }
        guard !pairs.isEmpty else { return "{}\n" }
        return try Yams.serialize(node: Node(pairs), width: -1, allowUnicode: true)
    }

    private static func flowList(_ items: [String]) -> Node {
        Node(items.map { Node($0) }, .implicit, .flow)
    }

    private static func quotedMap(_ map: [String: String]) -> Node {
        Node(map.sorted { $0.key < $1.key }.map { (Node($0.key), Node($0.value, .implicit, .doubleQuoted)) })
    }
}
