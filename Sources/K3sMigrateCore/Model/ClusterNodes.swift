/// The nodes a server's cluster lists and the flannel backend each one runs, as its
/// `flannel.alpha.coreos.com/backend-type` annotation says: the `cluster-nodes` probe of a
/// server's facts (`k3s kubectl get nodes -o jsonpath=...`), one `NAME<TAB>TYPE` line per node, TYPE
/// empty when the node has none (backend none). With it a plan sees agents that still run an older
/// backend than their servers' settings: after `apply --limit servers`, the agents' plan restarts
/// them. The lines come from a node: anything that is not a node name and a backend type is dropped.
public enum ClusterNodes {
    /// Valid lines only, in the order given (the probe is kept as text in facts.yaml).
    public static func normalized(_ text: String) -> String {
        parseLines(text).map { "\($0.name)\t\($0.type)" }.joined(separator: "\n")
    }

    /// Node name to backend type ("" for none).
    public static func parse(_ text: String) -> [String: String] {
        Dictionary(parseLines(text).map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
    }

    static func parseLines(_ text: String) -> [(name: String, type: String)] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let fields = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = fields.first.map(String.init), isNodeName(name) else { return nil }
            let type = fields.count > 1 ? String(fields[1]) : ""
            guard type.count <= 63, type.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
            else { return nil }
            return (name, type)
        }
    }

    /// A Kubernetes node name: a DNS subdomain (RFC 1123), lowercase.
    static func isNodeName(_ name: String) -> Bool {
        guard !name.isEmpty, name.count <= 253, name.first != "-", name.first != ".", name.last != "-", name.last != "." else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "." }
    }

    /// The backend types of the cluster as the first server with the probe lists them (servers
    /// in inventory order), and that server's name; nil when no server's facts have it.
    public static func running(inventory: Inventory, facts: FleetFacts) -> (server: String, types: [String: String])? {
        for server in inventory.servers {
            if let text = facts[server.name]?.probes[HostFacts.clusterNodesProbe] { return (server.name, parse(text)) }
        }
        return nil
    }
}
