import Foundation
import K3sMigrateCore

/// One line of text per event, for logs and terminals that are not interactive. Secrets redacted.
public enum EventLineRenderer {
    /// nil for events not worth a line (a step starting is shown only when it changes something).
    public static func render(_ event: ExecutionEvent, palette: Palette = Palette(enabled: false)) -> String? {
        switch event {
        case .runStarted(let start):
            let verb = start.rollbackOnly ? "rollback of run" : (start.dryRun ? "dry run" : (start.resuming ? "resuming run" : "run"))
            return palette.bold("\(verb) \(start.runID): \(start.playbook) on cluster \(start.cluster), "
                                + "\(start.steps) steps (\(start.changingSteps) changing) on \(start.hosts.count) host\(start.hosts.count == 1 ? "" : "s")")
        case .stepStarted(let step):
            guard step.changes || step.kind == .healthGate else { return nil }
            return "\(prefix(step)) \(palette.dim("start")) \(step.kind.rawValue): \(Redactor.shown(step.title))"
        case .stepFinished(let step, let result):
            return "\(prefix(step)) \(status(result.status, palette)) \(step.kind.rawValue): \(Redactor.shown(result.summary))"
                + duration(result)
        case .agentFailureTolerated(let failure, let failedAgents, let allowed):
            return palette.yellow("agent \(failure.host ?? "-") left out (\(failedAgents) of \(allowed) allowed failures): ")
                + Redactor.shown(failure.message)
        case .stopRequested:
            return palette.yellow("stop requested: waiting for running steps to finish")
        case .rollbackStarted(let reason, let steps):
            return palette.bold(palette.yellow("rolling back \(steps.count) step\(steps.count == 1 ? "" : "s"): ")) + Redactor.shown(reason)
        case .undoStarted:
            return nil
        case .undoFinished(let step, let result):
            return "\(prefix(step)) \(status(result.status, palette)) undo \(step.kind.rawValue): \(Redactor.shown(result.summary))"
        case .rollbackHealthChecked(let step, let result):
            return "\(prefix(step)) \(status(result.status, palette)) health after rollback: \(Redactor.shown(result.summary))"
        case .rollbackFinished(let report):
            return report.isComplete
                ? palette.green("rollback complete: \(report.undone.count) step\(report.undone.count == 1 ? "" : "s") undone")
                : palette.red("rollback incomplete: not undone: \(report.remaining.joined(separator: ", "))")
        case .runFinished(let outcome):
            return outcomeLine(outcome, palette)
        case .journalUnavailable(let message):
            return palette.red("warning: journal not written: \(Redactor.shown(message))")
        }
    }

    static func outcomeLine(_ outcome: ExecutionOutcome, _ palette: Palette) -> String {
        switch outcome {
        case .nothingToDo: return palette.green("nothing to do")
        case .succeeded: return palette.green("succeeded")
        case .succeededExcept(let tolerated, let remaining):
            var line = "succeeded except on \(tolerated.compactMap(\.host).joined(separator: ", ")) (rolled back)"
            if !remaining.isEmpty { line += "; not undone there: \(remaining.joined(separator: ", "))" }
            return palette.yellow(line)
        case .failedBeforeChanges(let diagnostics):
            return palette.red("failed before any change:") + diagnostics.map { "\n  " + Redactor.shown($0.description) }.joined()
        case .rolledBack(let failure):
            return palette.red("failed and rolled back: \(Redactor.shown(failure.description))")
        case .rollbackIncomplete(let failure, let remaining):
            return palette.red("failed; rollback incomplete (\(remaining.joined(separator: ", "))): \(Redactor.shown(failure.description))")
        case .failedNoRollback(let failure):
            return palette.red("failed, changes left in place (--no-rollback): \(Redactor.shown(failure.description))")
        case .interrupted:
            return palette.yellow("interrupted: resume the run or roll it back")
        }
    }

    private static func prefix(_ step: Step) -> String { "[\(step.host ?? "*")]" }

    private static func status(_ status: StepResult.Status, _ palette: Palette) -> String {
        switch status {
        case .ok: return palette.green("ok")
        case .failed: return palette.red("FAILED")
        case .skipped: return palette.dim("skipped")
        case .undone: return palette.cyan("undone")
        case .dryRun: return palette.cyan("dry-run")
        case .interrupted: return palette.yellow("interrupted")
        }
    }

    private static func duration(_ result: StepResult) -> String {
        let seconds = result.endedAt.timeIntervalSince(result.startedAt)
        return seconds >= 0.1 ? String(format: " (%.1fs)", seconds) : ""
    }
}
