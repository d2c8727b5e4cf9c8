import K3sMigrateCore

extension Redactor {
    /// The plan as it may be shown (text, JSON, DOT, the journal's plan.json): titles, diffs,
    /// commands' display, skip reasons and warnings through the masking pass. The diffs were
    /// already redacted by the settings model (`SecretRedactor`); this is the second net.
    public static func redact(_ plan: Plan) -> Plan {
        var plan = plan
        plan.steps = plan.steps.map { step in
            var step = step
            step.title = redact(step.title)
            if case .edit(var change) = step.action {
                change.diff = redact(change.diff)
                step.action = .edit(change)
            }
            if case .impossible(let reason) = step.undo { step.undo = .impossible(reason: redact(reason)) }
            return step
        }
        plan.skipped = plan.skipped.map { SkippedHost(host: $0.host, reason: redact($0.reason)) }
        plan.warnings = plan.warnings.map { warning in
            var warning = warning
            warning.message = redact(warning.message)
            return warning
        }
        return plan
    }
}
