import Foundation
import K3sMigrateCore

/// What a fleet run reports besides its clusters' own events: the journal writes each as a
/// line, `--format json` prints it, text output shows `line`.
public enum FleetEvent: Sendable {
    case started(FleetStart)
    case resumed(runID: String)
    case waveStarted(index: Int, count: Int, clusters: [String])
    case clusterStarted(cluster: String, runID: String, wave: Int, resuming: Bool)
    case clusterFinished(ClusterRunResult)
    case budgetExceeded(failed: Int, allowed: Int)
    case finished(FleetApplyResult)

    /// The JSON object (journal line and `--format json` line).
    public func document(runID: String, time: Date = Date()) -> JSONValue {
        var members: [(String, JSONValue)] = [("type", .string(type)), ("run", .string(runID)), ("time", .string(Timestamp.string(time)))]
        switch self {
        case .started(let start):
            members += start.members
        case .resumed:
            break
        case .waveStarted(let index, let count, let clusters):
            members += [("wave", .int(index + 1)), ("waves", .int(count)), ("clusters", .array(clusters.map(JSONValue.string)))]
        case .clusterStarted(let cluster, let clusterRun, let wave, let resuming):
            members += [("cluster", .string(cluster)), ("clusterRun", .string(clusterRun)), ("wave", .int(wave + 1)), ("resume", .bool(resuming))]
        case .clusterFinished(let result):
            members += FleetEvent.members(result)
        case .budgetExceeded(let failed, let allowed):
            members += [("failed", .int(failed)), ("allowed", .int(allowed))]
        case .finished(let result):
            members += [("outcome", .string(FleetEvent.name(result.verdict))), ("budgetExceeded", .bool(result.budgetExceeded)),
                        ("clusters", .array(result.clusters.map { .object(FleetEvent.members($0)) }))]
        }
        return .object(members)
    }

    var type: String {
        switch self {
        case .started: return "run-started"
        case .resumed: return "fleet-resumed"
        case .waveStarted: return "fleet-wave-started"
        case .clusterStarted: return "fleet-cluster-started"
        case .clusterFinished: return "fleet-cluster-finished"
        case .budgetExceeded: return "fleet-budget-exceeded"
        case .finished: return "run-finished"
        }
    }

    /// Written to disk before the run goes on (the fleet resumes from these).
    var isDurable: Bool {
        switch self {
        case .waveStarted: return false
        default: return true
        }
    }

    static func members(_ result: ClusterRunResult) -> [(String, JSONValue)] {
        [("cluster", .string(result.cluster)), ("file", .string(result.file)),
         ("clusterRun", result.runID.map(JSONValue.string) ?? .null), ("outcome", .string(result.outcome.rawValue)),
         ("seconds", .string(String(format: "%.1f", result.seconds))),
         ("detail", result.detail.map { .string(Redactor.redact($0)) } ?? .null)]
    }

    public static func name(_ verdict: FleetVerdict) -> String {
        switch verdict {
        case .success: return "succeeded"
        case .refused: return "refused"
        case .rolledBack: return "rolled-back"
        case .rollbackIncomplete: return "rollback-incomplete"
        case .interrupted: return "interrupted"
        }
    }

    /// One line of text; nil for the final event (see `FleetEvent.table`).
    public func line(runID: String, palette: Palette) -> String? {
        switch self {
        case .started(let start):
            let shard = start.shard.map { ", shard \($0)" } ?? ""
            let waves = start.waves.map { String($0.count) }.joined(separator: "+")
            return palette.bold("\(start.dryRun ? "dry run" : "fleet run") \(runID): \(start.playbook) on \(start.waves.reduce(0) { $0 + $1.count }) clusters"
                                + "\(shard) in \(start.waves.count) wave\(start.waves.count == 1 ? "" : "s") (\(waves)), up to \(start.budget) failed cluster(s) allowed")
        case .resumed:
            return palette.bold("resuming fleet run \(runID)")
        case .waveStarted(let index, let count, let clusters):
            return palette.bold("wave \(index + 1) of \(count): \(clusters.count) cluster\(clusters.count == 1 ? "" : "s")")
        case .clusterStarted(let cluster, let clusterRun, _, let resuming):
            return "[\(cluster)] \(resuming ? "resuming" : "starting") run \(clusterRun)"
        case .clusterFinished(let result):
            let text = "[\(result.cluster)] \(result.outcome.rawValue) (\(String(format: "%.1f", result.seconds))s)" + (result.detail.map { ": \(Redactor.redact($0))" } ?? "")
            return result.outcome.isFailure ? palette.red(text) : palette.green(text)
        case .budgetExceeded(let failed, let allowed):
            return palette.yellow("failure budget exceeded (\(failed) failed, \(allowed) allowed): no new cluster starts; running clusters finish")
        case .finished:
            return nil
        }
    }

    /// The final table: cluster, outcome, duration, the cluster's run id.
    public static func table(_ result: FleetApplyResult, palette: Palette) -> String {
        let width = max(7, result.clusters.map(\.cluster.count).max() ?? 0)
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        var out = pad("CLUSTER", width) + "  " + pad("OUTCOME", 19) + "  " + pad("DURATION", 9) + "  RUN\n"
        for cluster in result.clusters {
            let row = pad(cluster.cluster, width) + "  " + pad(cluster.outcome.rawValue, 19) + "  "
                + pad(cluster.runID == nil ? "-" : String(format: "%.1fs", cluster.seconds), 9) + "  " + (cluster.runID ?? "-")
            out += (cluster.outcome.isFailure ? palette.red(row) : row) + "\n"
        }
        var counts: [ClusterOutcome: Int] = [:]
        for cluster in result.clusters { counts[cluster.outcome, default: 0] += 1 }
        out += ClusterOutcome.allCases.compactMap { outcome in counts[outcome].map { "\($0) \(outcome.rawValue)" } }.joined(separator: ", ") + "\n"
        return out
    }
}

/// The first line of a fleet journal: what was asked, so that `--resume` runs exactly it.
public struct FleetStart: Sendable, Hashable {
    public var directory: String
    public var shard: ClusterShard?
    public var playbook: String
    public var dryRun: Bool
    /// Cluster names per wave (the canary wave first).
    public var waves: [[String]]
    public var budget: FailureBudget
    public var limit: String?
    public var agentBatchSize: Int
    public var maxFailures: Int
    public var rollbackOnFailure: Bool
    public var settingOverrideWords: [String]

    var members: [(String, JSONValue)] {
        [("cluster", .string("fleet \(directory) (\(waves.reduce(0) { $0 + $1.count }) clusters)")),
         ("playbook", .string(playbook)), ("dryRun", .bool(dryRun)),
         ("fleet", .object([
            ("directory", .string(directory)),
            ("shard", shard.map { .string($0.description) } ?? .null),
            ("waves", .array(waves.map { .array($0.map(JSONValue.string)) })),
            ("maxFailedClusters", .string(budget.description)),
            ("limit", limit.map(JSONValue.string) ?? .null),
            ("parallel", .int(agentBatchSize)),
            ("maxFailures", .int(maxFailures)),
            ("rollback", .bool(rollbackOnFailure)),
            ("set", .array(settingOverrideWords.map(JSONValue.string))),
         ]))]
    }

    /// Read back from the journal's first line.
    init?(json object: [String: Any]) {
        guard let fleet = object["fleet"] as? [String: Any], let directory = fleet["directory"] as? String,
              let playbook = object["playbook"] as? String, let waves = fleet["waves"] as? [[String]],
              let budget = (fleet["maxFailedClusters"] as? String).flatMap(FailureBudget.parse) else { return nil }
        self.directory = directory
        self.shard = (fleet["shard"] as? String).flatMap { try? ClusterShard.parse($0).get() }
        self.playbook = playbook
        self.dryRun = object["dryRun"] as? Bool ?? false
        self.waves = waves
        self.budget = budget
        self.limit = fleet["limit"] as? String
        self.agentBatchSize = fleet["parallel"] as? Int ?? 5
        self.maxFailures = fleet["maxFailures"] as? Int ?? 0
        self.rollbackOnFailure = fleet["rollback"] as? Bool ?? true
        self.settingOverrideWords = fleet["set"] as? [String] ?? []
    }

    init(directory: String, shard: ClusterShard?, playbook: String, dryRun: Bool, waves: [[String]], budget: FailureBudget,
         limit: String?, agentBatchSize: Int, maxFailures: Int, rollbackOnFailure: Bool, settingOverrideWords: [String]) {
        self.directory = directory
        self.shard = shard
        self.playbook = playbook
        self.dryRun = dryRun
        self.waves = waves
        self.budget = budget
        self.limit = limit
        self.agentBatchSize = agentBatchSize
        self.maxFailures = maxFailures
        self.rollbackOnFailure = rollbackOnFailure
        self.settingOverrideWords = settingOverrideWords
    }
}
