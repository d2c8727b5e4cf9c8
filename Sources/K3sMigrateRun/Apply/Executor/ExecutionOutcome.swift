import K3sMigrateCore

/// How an `apply` run ended. Each case is one exit status for the CLI.
public enum ExecutionOutcome: Sendable, Hashable {
    /// The plan changes nothing; no host was contacted.
    case nothingToDo
    /// Every step succeeded (in a dry run: every check passed and every change was described).
    case succeeded
    /// The run finished, but up to `maxFailures` agents failed and were rolled back one by one.
    /// `rollbackRemaining` names undo steps that did not succeed on those agents.
    case succeededExcept(tolerated: [StepFailure], rollbackRemaining: [String])
    /// Nothing was changed: preflight, drift, missing confirmation, a missing secret... every problem found.
    case failedBeforeChanges([Diagnostic])
    /// A step failed after changes; every completed change was undone.
    case rolledBack(failure: StepFailure)
    /// A step failed after changes and some undo steps failed too; `remaining` names them.
    case rollbackIncomplete(failure: StepFailure, remaining: [String])
    /// A step failed after changes and rollback was turned off.
    case failedNoRollback(failure: StepFailure)
    /// Stopped on request after in-flight steps finished; resume or roll back later.
    case interrupted

    /// Stable name for journals and JSON.
    public var name: String {
        switch self {
        case .nothingToDo: return "nothing-to-do"
        case .succeeded: return "succeeded"
        case .succeededExcept: return "succeeded-except"
        case .failedBeforeChanges: return "failed-before-changes"
        case .rolledBack: return "rolled-back"
        case .rollbackIncomplete: return "rollback-incomplete"
        case .failedNoRollback: return "failed-no-rollback"
        case .interrupted: return "interrupted"
        }
    }

    /// True when every targeted host ended as the plan wanted.
    public var isSuccess: Bool {
        switch self {
        case .nothingToDo, .succeeded: return true
        default: return false
        }
    }
}
