import Foundation
import K3sMigrateCore

/// A plan saved by `plan --out FILE` for `apply FILE`: the exact step graph, what it was made
/// from, and a digest of every fact it depends on so that apply can refuse a fleet that drifted.
/// The file holds file contents (before/after of edits), so it is written mode 0600.
public struct SavedPlan: Codable, Sendable, Hashable {
    public static let kindMarker = "k3smigrate-plan"
    public static let currentFormatVersion = 1

    /// Always `k3smigrate-plan`: tells a plan file from any other JSON.
    public var kind: String
    public var formatVersion: Int
    /// Whole seconds, UTC.
    public var createdAt: Date
    public var cluster: String
    public var playbook: String
    public var inventoryPath: String
    /// SHA-256 (hex) of the inventory text the plan was made from.
    public var inventorySHA256: String
    public var plan: Plan
    public var options: PlanOptions
    /// host → fact key (absolute path for files, see `FactDigests`) → SHA-256 hex.
    public var factDigests: [String: [String: String]]

    public init(createdAt: Date, cluster: String, playbook: String, inventoryPath: String, inventorySHA256: String,
                plan: Plan, options: PlanOptions, factDigests: [String: [String: String]]) {
        kind = SavedPlan.kindMarker
        formatVersion = SavedPlan.currentFormatVersion
        self.createdAt = createdAt
        self.cluster = cluster
        self.playbook = playbook
        self.inventoryPath = inventoryPath
        self.inventorySHA256 = inventorySHA256
        self.plan = plan
        self.options = options
        self.factDigests = factDigests
    }

    public static func make(plan: Plan, facts: FleetFacts, inventory: Inventory, inventoryText: String,
                            options: PlanOptions, createdAt: Date = Date()) -> SavedPlan {
        var digests: [String: [String: String]] = [:]
        for host in FactDigests.hosts(of: plan, inventory: inventory, facts: facts) {
            // A host without facts gets an empty entry: apply then reports it if it has facts now.
            digests[host] = facts[host].map(FactDigests.of) ?? [:]
        }
        return SavedPlan(createdAt: Date(timeIntervalSince1970: createdAt.timeIntervalSince1970.rounded(.down)),
                         cluster: plan.cluster, playbook: plan.playbook, inventoryPath: inventory.file,
                         inventorySHA256: SHA256.hex(inventoryText), plan: plan, options: options, factDigests: digests)
    }

    /// Hosts whose facts apply must gather to check for drift.
    public var factHosts: [String] { factDigests.keys.sorted() }
}
