/// The fleet as the check rules see it: each host with facts, its settings read once.
struct CheckedFleet: Sendable {
    struct Node: Sendable {
        var host: Host
        var facts: HostFacts
        var settings: NodeSettings

        var name: String { host.name }
        var role: Role { host.role }

        /// Effective values, K3s's default when unset.
        func values(_ key: String) -> [String] { settings.effectiveValues(key) ?? [] }

        /// The single effective value, K3s's default when unset.
        func value(_ key: String) -> String? { settings.effective(key)?.value ?? K3sFlagCatalog.defaultValues(key)?.last }

        func isTrue(_ key: String) -> Bool { value(key).flatMap(K3sFlagCatalog.boolean) ?? false }

        /// Where the effective value of `key` is written; nil when it is the default.
        func location(_ key: String) -> SourceLocation? { settings.effective(key)?.location }

        /// `file:line`, or "default" when unset.
        func whereSet(_ key: String) -> String { location(key)?.description ?? "default" }
    }

    /// Hosts of the inventory that have facts, servers first.
    let nodes: [Node]
    let servers: [Node]
    let agents: [Node]
    /// The flannel backends the servers run (agents take theirs from a server), each with a
    /// server that sets it. Computed once: rules ask for it per node.
    let clusterBackends: [(backend: String, server: Node)]

    init(inventory: Inventory, facts: FleetFacts) {
        let withFacts = inventory.hosts.filter { facts[$0.name] != nil }
        nodes = ParallelMap.map(withFacts) { host in
            let hostFacts = facts[host.name]!
            return Node(host: host, facts: hostFacts, settings: NodeSettings(facts: hostFacts, role: host.role))
        }
        servers = nodes.filter { $0.role == .server }
        agents = nodes.filter { $0.role == .agent }
        var seen: Set<String> = []
        var backends: [(String, Node)] = []
        for server in servers {
            guard let backend = server.value("flannel-backend"), seen.insert(backend).inserted else { continue }
            backends.append((backend, server))
        }
        clusterBackends = backends
    }

    /// Backends that apply on `node`: its own for a server, the servers' for an agent.
    func backends(on node: Node) -> [(backend: String, server: Node)] {
        if node.role == .server, let own = node.value("flannel-backend") { return [(own, node)] }
        return clusterBackends
    }

    /// Location to report for a setting that matters on `node` but is written on `server`:
    /// the file and line when it is the same host, else none (the message names the server).
    static func location(of key: String, on server: Node, for node: Node) -> SourceLocation? {
        server.name == node.name ? server.location(key) : nil
    }

    static func origin(of key: String, on server: Node, for node: Node) -> String {
        if server.name == node.name { return server.location(key).map { " (\($0))" } ?? " (default)" }
        return " (from server \(server.name), \(server.whereSet(key)))"
    }
}
