import Foundation
import K3sMigrateCore

/// A plan saved by `plan --out FILE` for `apply FILE`, and the record of a run's plan in its
/// journal. It holds no file contents and no secrets: the plan's inputs (playbook, `--set`,
/// `--limit`, `--parallel`), a digest of the inventory and of every fact the plan depends on, the
/// steps without contents (for reading and for rollback) and a digest of every full step. Apply
/// and resume re-derive the steps from live facts with the same planner and refuse, naming the
/// first step that differs, when they are not the steps recorded here; so an edited file can
/// make apply refuse, never make it do something else.
public struct SavedPlan: Codable, Sendable, Hashable {
    public static let kindMarker = "k3smigrate-plan"
    public static let currentFormatVersion = 2

    /// Always `k3smigrate-plan`: tells a plan file from any other JSON.
    public var kind: String
    public var formatVersion: Int
    /// Whole seconds, UTC.
    public var createdAt: Date
    public var cluster: String
    public var playbook: String
    /// The `-p` argument the plan was made with (a built-in name or a file); nil for a plan
    /// recorded without its inputs (it can be rolled back, not re-derived).
    public var playbookSource: String?
    /// `--set KEY=VALUE` overrides (secret keys are refused by `--set`, so none is here).
    public var settingOverrides: [SettingOverride]
    public var inventoryPath: String
    /// SHA-256 (hex) of the inventory text the plan was made from.
    public var inventorySHA256: String
    /// The steps with file contents removed and every text redacted (`SavedPlan.contentFree`).
    public var plan: Plan
    public var options: PlanOptions
    /// host → fact key (absolute path for files, see `FactDigests`) → SHA-256 hex.
    public var factDigests: [String: [String: String]]
    /// step id → SHA-256 of the full step (`StepDigest`).
    public var stepDigests: [String: String]

    public init(createdAt: Date, cluster: String, playbook: String, playbookSource: String?, settingOverrides: [SettingOverride],
                inventoryPath: String, inventorySHA256: String, plan: Plan, options: PlanOptions,
                factDigests: [String: [String: String]], stepDigests: [String: String]) {
        kind = SavedPlan.kindMarker
        formatVersion = SavedPlan.currentFormatVersion
        self.createdAt = createdAt
        self.cluster = cluster
        self.playbook = playbook
        self.playbookSource = playbookSource
        self.settingOverrides = settingOverrides
        self.inventoryPath = inventoryPath
        self.inventorySHA256 = inventorySHA256
        self.plan = plan
        self.options = options
        self.factDigests = factDigests
        self.stepDigests = stepDigests
    }

    public static func make(plan: Plan, facts: FleetFacts, inventory: Inventory, inventoryText: String,
                            options: PlanOptions, playbookSource: String? = nil, settingOverrides: [SettingOverride] = [],
                            createdAt: Date = Date()) -> SavedPlan {
        var digests: [String: [String: String]] = [:]
        for host in FactDigests.hosts(of: plan, inventory: inventory, facts: facts) {
            // A host without facts gets an empty entry: apply then reports it if it has facts now.
            digests[host] = facts[host].map(FactDigests.of) ?? [:]
        }
        return SavedPlan(createdAt: Date(timeIntervalSince1970: createdAt.timeIntervalSince1970.rounded(.down)),
                         cluster: plan.cluster, playbook: plan.playbook, playbookSource: playbookSource,
                         settingOverrides: settingOverrides, inventoryPath: inventory.file,
                         inventorySHA256: SHA256.hex(inventoryText), plan: contentFree(plan), options: options,
                         factDigests: digests, stepDigests: StepDigest.of(plan))
    }

    /// A record of `plan` alone, when its inputs are not known (an executor run by a test or a
    /// library caller): enough for rollback, not for re-deriving.
    public static func record(of plan: Plan, createdAt: Date = Date()) -> SavedPlan {
        SavedPlan(createdAt: Date(timeIntervalSince1970: createdAt.timeIntervalSince1970.rounded(.down)),
                  cluster: plan.cluster, playbook: plan.playbook, playbookSource: nil, settingOverrides: [],
                  inventoryPath: "", inventorySHA256: "", plan: contentFree(plan), options: PlanOptions(),
                  factDigests: [:], stepDigests: StepDigest.of(plan))
    }

    /// Hosts whose facts apply must gather to check for drift.
    public var factHosts: [String] { factDigests.keys.sorted() }

    /// `plan` with every node content removed (the before, after and diff of edits, the content
    /// of written files: the full step is known by its digest only); titles, skip reasons and
    /// warnings pass the redactor once more.
    public static func contentFree(_ plan: Plan) -> Plan {
        var plan = plan
        plan.steps = plan.steps.map { step in
            var step = step
            step.title = Redactor.redact(step.title)
            switch step.action {
            case .edit(var change):
                change.before = ""
                change.after = ""
                change.diff = ""
                step.action = .edit(change)
            case .write(var write):
                write.content = nil
                step.action = .write(write)
            default: break
            }
            return step
        }
        plan.skipped = plan.skipped.map { SkippedHost(host: $0.host, reason: Redactor.redact($0.reason)) }
        plan.warnings = plan.warnings.map { warning in
            var warning = warning
            warning.message = Redactor.redact(warning.message)
            return warning
        }
        return plan
    }
}
