import Foundation
import K3sMigrateCore

/// The JSON object for one event: the journal writes it as a line, `--format json` prints it.
/// Every string passes through the Redactor.
enum EventDocument {
    static func document(_ event: ExecutionEvent, runID: String, time: Date) -> JSONValue {
        var members: [(String, JSONValue)] = [("type", .string(type(of: event))), ("run", .string(runID)),
                                              ("time", .string(Timestamp.string(time)))]
        switch event {
        case .runStarted(let start):
            members += [("cluster", .string(start.cluster)), ("playbook", .string(start.playbook)),
                        ("dryRun", .bool(start.dryRun)), ("resume", .bool(start.resuming)),
                        ("rollbackOnly", .bool(start.rollbackOnly)),
                        ("steps", .int(start.steps)), ("changingSteps", .int(start.changingSteps)),
                        ("hosts", .array(start.hosts.map(JSONValue.string)))]
        case .stepStarted(let step), .undoStarted(let step):
            members += stepMembers(step) + [("title", text(step.title))]
        case .stepFinished(let step, let result), .undoFinished(let step, let result),
             .rollbackHealthChecked(let step, let result):
            members += stepMembers(step) + resultMembers(result)
        case .agentFailureTolerated(let failure, let failedAgents, let allowed):
            members += [("failure", self.failure(failure)), ("failedAgents", .int(failedAgents)), ("allowed", .int(allowed))]
        case .stopRequested:
            break
        case .rollbackStarted(let reason, let steps):
            members += [("reason", text(reason)), ("steps", .array(steps.map(JSONValue.string)))]
        case .rollbackFinished(let report):
            members += [("undone", .array(report.undone.map(JSONValue.string))),
                        ("remaining", .array(report.remaining.map(JSONValue.string)))]
        case .runFinished(let outcome):
            members += [("outcome", .string(outcome.name))] + outcomeMembers(outcome)
        case .journalUnavailable(let message):
            members += [("message", text(message))]
        }
        return .object(members)
    }

    static func type(of event: ExecutionEvent) -> String {
        switch event {
        case .runStarted: return JournalEntry.Kind.runStarted.rawValue
        case .stepStarted: return JournalEntry.Kind.stepStarted.rawValue
        case .stepFinished: return JournalEntry.Kind.stepFinished.rawValue
        case .agentFailureTolerated: return JournalEntry.Kind.agentFailureTolerated.rawValue
        case .stopRequested: return JournalEntry.Kind.stopRequested.rawValue
        case .rollbackStarted: return JournalEntry.Kind.rollbackStarted.rawValue
        case .undoStarted: return JournalEntry.Kind.undoStarted.rawValue
        case .undoFinished: return JournalEntry.Kind.undoFinished.rawValue
        case .rollbackHealthChecked: return JournalEntry.Kind.rollbackHealth.rawValue
        case .rollbackFinished: return JournalEntry.Kind.rollbackFinished.rawValue
        case .runFinished: return JournalEntry.Kind.runFinished.rawValue
        case .journalUnavailable: return "journal-unavailable"
        }
    }

    private static func text(_ s: String) -> JSONValue { .string(Redactor.redact(s)) }

    private static func stepMembers(_ step: Step) -> [(String, JSONValue)] {
        [("step", .string(step.id)), ("host", step.host.map(JSONValue.string) ?? .null),
         ("kind", .string(step.kind.rawValue)), ("changes", .bool(step.changes))]
    }

    private static func resultMembers(_ result: StepResult) -> [(String, JSONValue)] {
        [("result", .string(result.status.rawValue)),
         ("started", .string(Timestamp.string(result.startedAt))), ("ended", .string(Timestamp.string(result.endedAt))),
         ("summary", text(result.summary)), ("output", text(result.output)),
         ("backups", .array(result.backups.map(JSONValue.string)))]
    }

    private static func failure(_ failure: StepFailure) -> JSONValue {
        .object([("step", .string(failure.stepID)), ("host", failure.host.map(JSONValue.string) ?? .null),
                 ("kind", .string(failure.kind.rawValue)), ("rule", .string(failure.rule)), ("message", text(failure.message))])
    }

    private static func outcomeMembers(_ outcome: ExecutionOutcome) -> [(String, JSONValue)] {
        switch outcome {
        case .nothingToDo, .succeeded, .interrupted:
            return []
        case .succeededExcept(let tolerated, let remaining):
            return [("tolerated", .array(tolerated.map(failure))), ("remaining", .array(remaining.map(JSONValue.string)))]
        case .failedBeforeChanges(let diagnostics):
            return [("diagnostics", .array(diagnostics.map { d in
                var redacted = d
                redacted.message = Redactor.redact(d.message)
                return PlanJSONRenderer.diagnostic(redacted)
            }))]
        case .rolledBack(let f), .failedNoRollback(let f):
            return [("failure", failure(f))]
        case .rollbackIncomplete(let f, let remaining):
            return [("failure", failure(f)), ("remaining", .array(remaining.map(JSONValue.string)))]
        }
    }
}
