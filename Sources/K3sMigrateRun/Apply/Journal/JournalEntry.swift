import Foundation

/// One line of a run's journal, read back for `runs show`, resume and rollback.
public struct JournalEntry: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case runStarted = "run-started"
        case stepStarted = "step-started"
        case stepFinished = "step-finished"
        case agentFailureTolerated = "agent-failure-tolerated"
        case stopRequested = "stop-requested"
        case rollbackStarted = "rollback-started"
        case undoStarted = "undo-started"
        case undoFinished = "undo-finished"
        case rollbackHealth = "rollback-health"
        case rollbackFinished = "rollback-finished"
        case runFinished = "run-finished"
    }

    /// nil for a line type this version does not know.
    public var kind: Kind?
    public var time: Date?
    public var stepID: String?
    public var host: String?
    /// The step's kind (`edit-file`, `restart`...).
    public var stepKind: String?
    public var result: StepResult.Status?
    public var summary: String?
    public var output: String?
    public var backups: [String]
    public var startedAt: Date?
    public var endedAt: Date?
    /// run-started: cluster, playbook, dry run; run-finished: outcome.
    public var cluster: String?
    public var playbook: String?
    public var dryRun: Bool
    public var outcome: String?
    /// run-finished and rollback-finished: steps whose undo did not succeed.
    public var remaining: [String]
    /// The line as written (JSON), for `runs show --format json`.
    public var line: String

    /// nil when the line is not a JSON object with a `type`.
    public init?(line: String) {
        guard let data = line.data(using: .utf8),
              let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let type = object["type"] as? String else { return nil }
        func string(_ key: String) -> String? { object[key] as? String }
        kind = Kind(rawValue: type)
        time = string("time").flatMap(Timestamp.date)
        stepID = string("step")
        host = string("host")
        stepKind = string("kind")
        result = string("result").flatMap(StepResult.Status.init(rawValue:))
        summary = string("summary")
        output = string("output")
        backups = object["backups"] as? [String] ?? []
        startedAt = string("started").flatMap(Timestamp.date)
        endedAt = string("ended").flatMap(Timestamp.date)
        cluster = string("cluster")
        playbook = string("playbook")
        dryRun = object["dryRun"] as? Bool ?? false
        outcome = string("outcome")
        remaining = object["remaining"] as? [String] ?? []
        self.line = line
    }
}
