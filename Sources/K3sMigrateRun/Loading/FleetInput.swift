import Foundation
import K3sMigrateCore

/// What a command needs to know about the fleet: the inventory and the facts of its hosts.
public struct FleetInput: Sendable {
    public var inventory: Inventory
    /// Non-fatal problems found while loading (inventory templates, unreachable optional data...).
    public var warnings: [Diagnostic]
    public var facts: FleetFacts

    /// Where to read the fleet from.
    public struct Arguments: Sendable {
        public var inventoryPath: String
        /// Offline facts directory; nil means gather over SSH.
        public var factsDirectory: String?
        public var limit: String?
        public var maxParallel: Int
        /// Gather firewall dumps too (Cilium cleanup needs them).
        public var firewall: Bool

        public init(inventoryPath: String, factsDirectory: String?, limit: String?, maxParallel: Int, firewall: Bool = false) {
            self.inventoryPath = inventoryPath
            self.factsDirectory = factsDirectory
            self.limit = limit
            self.maxParallel = maxParallel
            self.firewall = firewall
        }
    }

    public static func loadInventory(_ path: String) throws(DiagnosticsError) -> ParsedInventory {
        try InventoryParser.parseWithWarnings(try TextFile.read(path), file: path, varsFiles: try AnsibleVarsDirectory.files(besides: path))
    }

    /// Loads the inventory, then facts from the directory or live from the hosts.
    /// `connections` keeps the SSH sessions for later steps; without it they are closed at the end.
    public static func load(_ arguments: Arguments, connections: FleetConnections? = nil) async throws(DiagnosticsError) -> FleetInput {
        try await load(parsed: try loadInventory(arguments.inventoryPath), arguments, connections: connections)
    }

    /// As `load`, for an inventory already read (one cluster of a fleet directory).
    public static func load(parsed: ParsedInventory, _ arguments: Arguments,
                            connections: FleetConnections? = nil) async throws(DiagnosticsError) -> FleetInput {
        let inventory = parsed.inventory
        if let limit = arguments.limit, !limit.isEmpty {
            let problems = HostLimit(limit).problems(in: inventory.hosts)
            if !problems.isEmpty { throw DiagnosticsError(problems) }
        }
        if let directory = arguments.factsDirectory {
            let facts = try FactsDirectory.load(from: directory, hosts: factHosts(inventory, limit: arguments.limit))
            return FleetInput(inventory: inventory, warnings: parsed.warnings, facts: facts)
        }
        let hosts = factHosts(inventory, limit: arguments.limit)
        let sessions = connections ?? FleetConnections(inventory: inventory, maxParallel: arguments.maxParallel)
        let (facts, problems) = await LiveFacts.gather(hosts: hosts, connections: sessions,
                                                      maxParallel: arguments.maxParallel, firewall: arguments.firewall)
        if connections == nil { await sessions.closeAll() }
        if problems.hasErrors { throw DiagnosticsError(problems.sortedForReport()) }
        return FleetInput(inventory: inventory, warnings: parsed.warnings + problems, facts: facts)
    }

    /// The targeted hosts plus every server: the planner compares server settings across all servers.
    static func factHosts(_ inventory: Inventory, limit: String?) -> [K3sMigrateCore.Host] {
        let targeted = inventory.hosts(matching: limit)
        let names = Set(targeted.map(\.name))
        return inventory.hosts.filter { names.contains($0.name) || $0.role == .server }
    }
}
