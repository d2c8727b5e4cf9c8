import K3sMigrateCore

/// What the executor reports while it runs. The journal, the line renderer and the JSON renderer
/// are all readers of these events; the executor itself never prints.
public enum ExecutionEvent: Sendable {
    case runStarted(RunStart)
    case stepStarted(Step)
    case stepFinished(Step, StepResult)
    /// An agent's restart or health gate failed within `--max-failures`; the run goes on without it.
    case agentFailureTolerated(StepFailure, failedAgents: Int, allowed: Int)
    /// `requestStop()` was called: no new step starts; in-flight steps finish.
    case stopRequested
    /// Undo begins for these steps (ids in completion order), because of `reason`.
    case rollbackStarted(reason: String, steps: [String])
    case undoStarted(Step)
    /// `result.status` is `.undone` or `.failed`.
    case undoFinished(Step, StepResult)
    /// The host's health gate run again after its restart was undone (backend not checked).
    case rollbackHealthChecked(Step, StepResult)
    case rollbackFinished(RollbackReport)
    case runFinished(ExecutionOutcome)
    /// The journal could not be written; the run goes on, but `runs`/resume/rollback lack this line.
    case journalUnavailable(String)
}

/// The run-level facts the journal's first line records.
public struct RunStart: Sendable, Hashable {
    public var runID: String
    public var cluster: String
    public var playbook: String
    public var dryRun: Bool
    public var resuming: Bool
    /// `rollback` of an earlier run rather than an apply.
    public var rollbackOnly: Bool
    public var steps: Int
    public var changingSteps: Int
    public var hosts: [String]

    public init(runID: String, cluster: String, playbook: String, dryRun: Bool, resuming: Bool, rollbackOnly: Bool,
                steps: Int, changingSteps: Int, hosts: [String]) {
        self.runID = runID
        self.cluster = cluster
        self.playbook = playbook
        self.dryRun = dryRun
        self.resuming = resuming
        self.rollbackOnly = rollbackOnly
        self.steps = steps
        self.changingSteps = changingSteps
        self.hosts = hosts
    }
}
