import Foundation

/// One run as `k3smigrate runs` lists it.
public struct RunSummary: Sendable, Hashable {
    public var runID: String
    public var startedAt: Date?
    public var cluster: String?
    public var playbook: String?
    public var dryRun: Bool
    /// The outcome's name (`succeeded`, `rolled-back`...); a later `rollback` of the run overrides
    /// it; nil when the run never finished (still running, or the process died).
    public var outcome: String?

    public init(runID: String, startedAt: Date?, cluster: String?, playbook: String?, dryRun: Bool, outcome: String?) {
        self.runID = runID
        self.startedAt = startedAt
        self.cluster = cluster
        self.playbook = playbook
        self.dryRun = dryRun
        self.outcome = outcome
    }

    init(runID: String, entries: [JournalEntry]) {
        let start = entries.first { $0.kind == .runStarted }
        var outcome: String?
        for entry in entries {
            if entry.kind == .runFinished { outcome = entry.outcome }
            if entry.kind == .rollbackFinished {
                outcome = entry.remaining.isEmpty ? "rolled-back" : "rollback-incomplete"
            }
        }
        self.init(runID: runID, startedAt: start?.time, cluster: start?.cluster, playbook: start?.playbook,
                  dryRun: start?.dryRun ?? false, outcome: outcome)
    }
}

