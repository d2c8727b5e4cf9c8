import K3sMigrateCore

/// daemon-reload, uninstall, snapshot and plain commands (restarts: `RestartStep`): one remote command that must
/// exit 0. Dry-run describes it.
struct CommandStep {
    let command: ShellCommand
    let kind: StepKind

    func run(in context: StepContext) async throws(StepError) -> StepReport {
        let command = RunPlaceholder.resolve(command, run: context.runID)
        return try await context.change("run `\(command.script)`") { () throws(StepError) in
            let result = try await context.run(command)
            return StepReport(summary: "ran `\(command.script)`", output: result)
        }
    }
}
