import K3sMigrateCore

/// The scheduling loop's state while a run goes.
struct RunProgress {
    var schedule: ScheduleState
    /// Changing steps to undo if the run fails, in completion order.
    var ledger: [Step]
    /// Ledger steps already handled by an agent's own rollback.
    var undone: Set<String> = []
    /// A changing step started in this attempt: a failure needs a rollback (which then undoes
    /// the earlier attempts' changes too). A resumed run that fails before changing anything
    /// leaves the earlier changes for the user to resume or roll back.
    var changesStarted = false
    /// Failures that stop the run (in a dry run: every failure, so that all are reported).
    var fatal: [StepFailure] = []
    /// Agent failures within `maxFailures`.
    var tolerated: [StepFailure] = []
    var failedAgents: Set<String> = []
    /// Undo steps that failed on tolerated agents.
    var toleratedRemaining: [String] = []

    init(schedule: ScheduleState, ledger: [Step]) {
        self.schedule = schedule
        self.ledger = ledger
    }

    var pendingUndo: [Step] { ledger.filter { !undone.contains($0.id) } }
}
