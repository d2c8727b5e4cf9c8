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
        let steps = try undoSteps(runID: runID, stateDir: stateDir, plan: plan)
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

    /// `k3smigrate rollback --dry-run`: what a rollback of the run would undo, in order, as
    /// events with status `dry-run`. Reads only the local journal: no host is contacted, nothing
    /// is journaled (the run's journal stays as it was).
    public static func rollbackPreview(runID: String, stateDir: String, plan: Plan,
                                       events: @escaping @Sendable (ExecutionEvent) -> Void = { _ in }) throws(DiagnosticsError) -> RollbackReport {
        let steps = try undoSteps(runID: runID, stateDir: stateDir, plan: plan)
        events(.runStarted(RunStart(runID: runID, cluster: plan.cluster, playbook: plan.playbook, dryRun: true,
                                    resuming: false, rollbackOnly: true, steps: steps.count,
                                    changingSteps: steps.count, hosts: Array(Set(steps.compactMap(\.host))).sorted())))
        var report = RollbackReport()
        let now = Date()
        let ordered = Array(steps.filter { $0.undo != .repeatAfterRestore }.reversed()) + steps.filter { $0.undo == .repeatAfterRestore }
        for step in ordered {
            let summary: String
            switch step.undo {
            case .nothing: continue
            case .restoreFile(let path, _):
                summary = "would restore \(path) from \(BackupPaths.backup(of: path, run: runID)) (skipped if it already matches)"
            case .command(let planned):
                summary = "would run `\(RunPlaceholder.resolve(planned, run: runID).script)`"
            case .repeatAfterRestore:
                guard case .run(let command) = step.action else { continue }
                summary = "would run `\(RunPlaceholder.resolve(command, run: runID).script)` again, after the restores"
            case .impossible(let reason):
                events(.undoFinished(step, StepResult(status: .failed, summary: "cannot be undone: \(reason)", startedAt: now, endedAt: now)))
                report.remaining.append(step.id)
                continue
            }
            events(.undoFinished(step, StepResult(status: .dryRun, summary: Redactor.redact(summary), startedAt: now, endedAt: now)))
            report.undone.append(step.id)
        }
        return report
    }

    /// The changing steps of `runID` its journal shows done and not yet undone, in the order they ran.
    static func undoSteps(runID: String, stateDir: String, plan: Plan) throws(DiagnosticsError) -> [Step] {
        let point = ResumePoint(entries: try Journal.read(runID: runID, stateDir: stateDir))
        let unknown = point.unknownSteps(in: plan)
        guard unknown.isEmpty else {
            throw DiagnosticsError([.error("plan-mismatch", "the journal of run \(runID) names steps the plan lacks: "
                                               + unknown.prefix(5).joined(separator: ", "))])
        }
        return point.undoCandidates(in: plan)
    }
}
