import K3sMigrateCore

/// Everything `apply -i DIR` was asked to do. `cluster` holds what every cluster's own run gets
/// (playbook, --set, --limit, --parallel, --max-failures, --dry-run, ...); its inventory path is
/// replaced by each cluster's file.
public struct FleetApplyRequest: Sendable {
    public var directory: String
    public var shard: ClusterShard?
    public var cluster: ApplyRequest
    /// The `--set` words as given (saved in the fleet journal for `--resume`).
    public var settingOverrideWords: [String]
    public var canary: Int
    public var waves: [WavePlan.Size]
    public var budget: FailureBudget
    public var clustersParallel: Int
    public var maxSessions: Int
    /// `--resume ID` of a fleet run: continue it after a crash.
    public var resumeFleetRunID: String?

    public init(directory: String, shard: ClusterShard?, cluster: ApplyRequest, settingOverrideWords: [String],
                canary: Int, waves: [WavePlan.Size], budget: FailureBudget, clustersParallel: Int, maxSessions: Int,
                resumeFleetRunID: String?) {
        self.directory = directory
        self.shard = shard
        self.cluster = cluster
        self.settingOverrideWords = settingOverrideWords
        self.canary = canary
        self.waves = waves
        self.budget = budget
        self.clustersParallel = clustersParallel
        self.maxSessions = maxSessions
        self.resumeFleetRunID = resumeFleetRunID
    }
}

/// How one cluster's run inside a fleet run ended.
public struct ClusterRunResult: Sendable, Hashable {
    public var cluster: String
    public var file: String
    /// The cluster's own run id (`runs show ID`, `rollback ID`); nil when it never started.
    public var runID: String?
    public var outcome: ClusterOutcome
    public var seconds: Double
    /// The first problem or the failure, one line (redacted), for the final table.
    public var detail: String?

    public init(cluster: String, file: String, runID: String?, outcome: ClusterOutcome, seconds: Double, detail: String?) {
        self.cluster = cluster
        self.file = file
        self.runID = runID
        self.outcome = outcome
        self.seconds = seconds
        self.detail = detail
    }

    /// The cluster outcome of a single-cluster session result.
    static func outcome(of result: SessionResult, cluster: String) -> (ClusterOutcome, String?) {
        switch result {
        case .refused(let problems):
            return (.refused, problems.first { $0.severity == .error }.map { Redactor.redact($0.scoped(to: cluster).description) })
        case .rolledBack(_, let report):
            return (report.isComplete ? .rolledBack : .rollbackIncomplete, nil)
        case .finished(_, let outcome):
            switch outcome {
            case .nothingToDo: return (.nothingToDo, nil)
            case .succeeded: return (.done, nil)
            case .succeededExcept(let tolerated, let remaining):
                let hosts = tolerated.compactMap(\.host).joined(separator: ", ")
                return (remaining.isEmpty ? .partlyRolledBack : .rollbackIncomplete, "agents rolled back: \(hosts)")
            case .failedBeforeChanges(let problems):
                return (.refused, problems.first { $0.severity == .error }.map { Redactor.redact($0.scoped(to: cluster).description) })
            case .rolledBack(let failure):
                return (.rolledBack, Redactor.redact(failure.description))
            case .rollbackIncomplete(let failure, let remaining):
                return (.rollbackIncomplete, Redactor.redact("\(failure.description); not undone: \(remaining.joined(separator: ", "))"))
            case .failedNoRollback(let failure):
                return (.rollbackIncomplete, Redactor.redact("\(failure.description) (--no-rollback)"))
            case .interrupted:
                return (.interrupted, nil)
            }
        }
    }
}

/// How a fleet run ended.
public struct FleetApplyResult: Sendable {
    public var fleetRunID: String
    /// Every cluster of the run, in cluster order.
    public var clusters: [ClusterRunResult]
    public var interrupted: Bool
    /// Set when the failure budget stopped new clusters from starting.
    public var budgetExceeded: Bool

    public var verdict: FleetVerdict { FleetVerdict.of(clusters.map(\.outcome), interrupted: interrupted) }
}
