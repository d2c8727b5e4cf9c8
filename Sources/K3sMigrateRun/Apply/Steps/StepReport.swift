import K3sMigrateCore

/// What a step's code returns when it did not fail.
struct StepReport: Sendable {
    /// What was done, or (dry run) what would be done.
    var summary: String
    /// True when the change was only described (dry run).
    var described: Bool = false
    var output: CommandResult? = nil
    var backups: [String] = []
}
