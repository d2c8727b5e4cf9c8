@testable import K3sMigrateCore

/// An in-memory fleet for the check rules: hosts with their K3s files and probes.
struct CheckTestFleet {
    struct Node {
        var name: String
        var role: Role
        var files: [String: String]
        var version: K3sVersion?
        var modules: Set<String>?
    }

    var nodes: [Node] = []
    /// Probe results by host (e.g. `HostFacts.swanctlProbe`).
    var probes: [String: [String: String]] = [:]

    static func server(_ name: String, config: String? = nil, unit: String? = nil, version: String? = "v1.28.5+k3s1",
                       modules: Set<String>? = nil) -> Node {
        node(name, .server, config: config, unit: unit, version: version, modules: modules)
    }

    static func agent(_ name: String, config: String? = nil, unit: String? = nil, version: String? = "v1.28.5+k3s1",
                      modules: Set<String>? = nil) -> Node {
        node(name, .agent, config: config, unit: unit, version: version, modules: modules)
    }

    static func node(_ name: String, _ role: Role, config: String?, unit: String?, version: String?, modules: Set<String>?) -> Node {
        var files: [String: String] = [:]
        if let config { files[K3sPaths.config] = config }
        if let unit { files[K3sPaths.systemdUnit(role)] = "[Service]\nExecStart=/usr/local/bin/k3s \(role.rawValue) \(unit)\n" }
        return Node(name: name, role: role, files: files, version: version.flatMap(K3sVersion.init(parsing:)), modules: modules)
    }

    init(_ nodes: Node...) { self.nodes = nodes }

    func run() -> [Diagnostic] {
        let hosts = nodes.map { Host(name: $0.name, address: $0.name, role: $0.role, location: SourceLocation(file: "inventory.yaml")) }
        let inventory = Inventory(cluster: "test", servers: hosts.filter { $0.role == .server },
                                  agents: hosts.filter { $0.role == .agent }, file: "inventory.yaml")
        var facts = FleetFacts()
        for node in nodes {
            facts.hosts[node.name] = HostFacts(host: node.name,
                                               files: node.files.reduce(into: [:]) { $0[$1.key] = FileFact(path: $1.key, text: $1.value) },
                                               k3sVersion: node.version, kernelModules: node.modules,
                                               probes: probes[node.name] ?? [:])
        }
        return FleetCheck.run(inventory: inventory, facts: facts)
    }

    /// Diagnostics of one rule.
    func run(rule: String) -> [Diagnostic] { run().filter { $0.rule == rule } }
}
