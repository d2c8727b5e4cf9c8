import Foundation
import K3sMigrateCore

extension Executor {
    /// `k3smigrate rollback RUN_ID`: undoes, in reverse order, the changes of an earlier run that
    /// its journal shows completed and not yet undone (plus steps that never finished, when their
    /// undo is safe to repeat). Journals what it does, so a second rollback finds nothing to do.
    /// `plan` is the run's plan: `Journal.savedPlan(runID:stateDir:)`.
    public static func rollback(runID: String, stateDir: String, plan: Plan, hosts: [String: any RemoteHost],
                                options: ExecutorOptions? = nil,
                                events: @escaping @Sendable (ExecutionEvent) -> Void = { _ in }) async throws(DiagnosticsError) -> RollbackReport {
        let point = ResumePoint(entries: try Journal.read(runID: runID, stateDir: stateDir))
        let unknown = point.unknownSteps(in: plan)
        guard unknown.isEmpty else {
            throw DiagnosticsError([.error("plan-mismatch", "the journal of run \(runID) names steps the plan lacks: "
                                               + unknown.prefix(5).joined(separator: ", "))])
        }
        let steps = point.undoCandidates(in: plan)
        let missing = Set(steps.compactMap(\.host)).filter { hosts[$0] == nil }.sorted()
        guard missing.isEmpty else {
            throw DiagnosticsError(missing.map { .error("no-connection", host: $0, "no connection to this host, which run \(runID) changed") })
        }
        guard !steps.isEmpty else { return RollbackReport() }

        var settings = options ?? ExecutorOptions(runID: runID)
        settings.runID = runID
        let executor = Executor(plan: plan, hosts: hosts, options: settings, journal: Journal(runID: runID, stateDir: stateDir),
                                events: events)
        executor.record(.runStarted(RunStart(runID: runID, cluster: plan.cluster, playbook: plan.playbook, dryRun: false,
                                             resuming: false, rollbackOnly: true, steps: steps.count,
                                             changingSteps: steps.count, hosts: Array(Set(steps.compactMap(\.host))).sorted())))
        return await executor.rollbackRunner().undo(steps, reason: "rollback of run \(runID) requested")
    }
}
