import K3sMigrateCore

/// The stable JSON form of a plan (documented in README.md, "JSON plan").
public enum PlanJSONRenderer {
    /// Bumped when a field changes meaning or goes away (new fields do not bump it).
    public static let formatVersion = 1

    /// `inputWarnings` are the warnings about the inventory and facts that were shown on stderr:
    /// the document's `warnings` holds them and the plan's own, so JSON readers miss nothing.
    public static func render(_ plan: Plan, inputWarnings: [Diagnostic] = []) -> String {
        document(plan, inputWarnings: inputWarnings).rendered(indent: 2) + "\n"
    }

    public static func document(_ plan: Plan, inputWarnings: [Diagnostic] = []) -> JSONValue {
        .object([
            ("formatVersion", .int(formatVersion)),
            ("summary", summary(plan)),
            ("warnings", .array((inputWarnings + plan.warnings).map(diagnostic))),
            ("steps", .array(plan.steps.map(step))),
        ])
    }

    static func summary(_ plan: Plan) -> JSONValue {
        .object([
            ("cluster", .string(plan.cluster)),
            ("playbook", .string(plan.playbook)),
            ("changes", .bool(plan.hasChanges)),
            ("steps", .int(plan.steps.count)),
            ("changingSteps", .int(plan.steps.filter(\.changes).count)),
            ("changedHosts", .array(plan.changedHosts.map(JSONValue.string))),
            ("irreversibleSteps", .array(plan.irreversibleSteps.map { .string($0.id) })),
            ("skipped", .array(plan.skipped.map { .object([("host", .string($0.host)), ("reason", .string($0.reason))]) })),
            ("warnings", .array(plan.warnings.map(diagnostic))),
        ])
    }

    static func step(_ step: Step) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string(step.id)),
            ("host", step.host.map(JSONValue.string) ?? .null),
            ("role", step.role.map { .string($0.rawValue) } ?? .null),
            ("kind", .string(step.kind.rawValue)),
            ("title", .string(step.title)),
            ("changes", .bool(step.changes)),
            ("dependsOn", .array(step.dependsOn.map(JSONValue.string))),
        ]
        if let command = step.commandText { members.append(("command", .string(command))) }
        if let diff = step.diffText { members.append(("diff", .string(diff))) }
        members.append(("undo", undo(step.undo)))
        return .object(members)
    }

    static func undo(_ undo: Undo) -> JSONValue {
        switch undo {
        case .nothing: return .object([("kind", .string("nothing"))])
        case .restoreFile(let path, let backup):
            return .object([("kind", .string("restore-file")), ("path", .string(path)), ("backupStep", .string(backup))])
        case .command(let command): return .object([("kind", .string("command")), ("command", .string(command.script))])
        case .repeatAfterRestore: return .object([("kind", .string("repeat-after-restore"))])
        case .impossible(let reason): return .object([("kind", .string("impossible")), ("reason", .string(reason))])
        }
    }

    public static func diagnostic(_ d: Diagnostic) -> JSONValue {
        .object([
            ("severity", .string(d.severity.rawValue)),
            ("rule", .string(d.rule)),
            ("host", d.host.map(JSONValue.string) ?? .null),
            ("file", d.location.map { .string($0.file) } ?? .null),
            ("line", d.location.flatMap { $0.line > 0 ? .int($0.line) : nil } ?? .null),
            ("column", d.location?.column.map(JSONValue.int) ?? .null),
            ("message", .string(d.message)),
        ])
    }
}
