/// How one cluster of a fleet apply ended, and what the fleet as a whole comes to.
public enum ClusterOutcome: String, Sendable, Hashable, CaseIterable {
    /// Every step succeeded.
    case done
    /// The plan changed nothing.
    case nothingToDo = "nothing-to-do"
    /// Some agents failed and were rolled back one by one (`--max-failures`); the rest migrated.
    case partlyRolledBack = "partly-rolled-back"
    /// Refused before any change (facts, preflight, locks, an unreachable host).
    case refused
    /// Failed after changes; everything was undone.
    case rolledBack = "rolled-back"
    /// Failed, and some changes could not be undone (or `--no-rollback`).
    case rollbackIncomplete = "rollback-incomplete"
    /// Stopped by SIGINT/SIGTERM; resume or roll back.
    case interrupted
    /// Never started: the failure budget was exceeded or the fleet was interrupted first.
    case notStarted = "not-started"

    /// Counts against `--max-failed-clusters`.
    public var isFailure: Bool {
        switch self {
        case .refused, .rolledBack, .rollbackIncomplete, .partlyRolledBack: return true
        case .done, .nothingToDo, .interrupted, .notStarted: return false
        }
    }

    /// Finished for good: a resumed fleet run does not start it again.
    public var isFinal: Bool { self != .interrupted && self != .notStarted }
}

/// The fleet's overall result, worst first: one exit code each.
public enum FleetVerdict: Int, Sendable, Hashable, Comparable {
    case success = 0
    case refused = 1
    case rolledBack = 3
    case rollbackIncomplete = 4
    case interrupted = 130

    private var rank: Int {
        switch self {
        case .success: return 0
        case .refused: return 1
        case .rolledBack: return 2
        case .rollbackIncomplete: return 3
        case .interrupted: return 4
        }
    }

    public static func < (l: FleetVerdict, r: FleetVerdict) -> Bool { l.rank < r.rank }

    /// 0 when every cluster is done; 130 on an interrupt; else 4 when any rollback is
    /// incomplete, 3 when some rolled back cleanly, 1 when some were refused before any change.
    /// Clusters not started because the budget ran out do not raise it beyond the failures'.
    public static func of(_ outcomes: [ClusterOutcome], interrupted: Bool) -> FleetVerdict {
        if interrupted || outcomes.contains(.interrupted) { return .interrupted }
        return outcomes.map { outcome -> FleetVerdict in
            switch outcome {
            case .done, .nothingToDo, .notStarted: return .success
            case .refused: return .refused
            case .rolledBack, .partlyRolledBack: return .rolledBack
            case .rollbackIncomplete: return .rollbackIncomplete
            case .interrupted: return .interrupted
            }
        }.max() ?? .success
    }
}
