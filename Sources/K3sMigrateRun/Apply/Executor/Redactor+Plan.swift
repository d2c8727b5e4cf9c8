import K3sMigrateCore

extension Redactor {
    /// What may reach a terminal: secrets masked, control characters made visible.
    public static func shown(_ text: String) -> String { TerminalText.visible(redact(text)) }

    /// The plan as it may be shown (text, JSON, DOT, the journal's plan.json): titles, diffs,
    /// skip reasons and warnings through the masking pass, with control characters made visible
    /// (node bytes can't drive the terminal). The diffs were already redacted by the settings
    /// model (`SecretRedactor`); this is the second net.
    public static func redact(_ plan: Plan) -> Plan {
        var plan = plan
        plan.steps = plan.steps.map { step in
            var step = step
            step.title = shown(step.title)
            if case .edit(var change) = step.action {
                change.diff = shown(change.diff)
                step.action = .edit(change)
            }
            if case .impossible(let reason) = step.undo { step.undo = .impossible(reason: shown(reason)) }
            return step
        }
        plan.skipped = plan.skipped.map { SkippedHost(host: $0.host, reason: shown($0.reason)) }
        plan.warnings = plan.warnings.map { warning in
            var warning = warning
            warning.message = shown(warning.message)
            return warning
        }
        return plan
    }
}
