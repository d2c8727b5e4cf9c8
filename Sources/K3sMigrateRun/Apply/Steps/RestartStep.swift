import K3sMigrateCore

/// Restarts the K3s service; the same command probes the host's health at once
/// (`RemoteCommands.restart`, the planned command), and the answer is left for the host's health
/// gate as its first poll. Undone by running it again after the files are restored
/// (`Undo.repeatAfterRestore`): `redo`, used by the rollback, primes the rollback's gate the same way.
struct RestartStep {
    let command: ShellCommand

    func run(in context: StepContext) async throws(StepError) -> StepReport {
        let command = RunPlaceholder.resolve(command, run: context.runID)
        return try await context.change("run `\(command.script)`") { () throws(StepError) in
            let result = try await restart(command, in: context, what: nil)
            return StepReport(summary: "ran `\(command.script)`", output: Self.reported(result))
        }
    }

    /// The rollback's run of the same restart.
    func redo(in context: StepContext) async throws(StepError) -> (String, CommandResult) {
        let command = RunPlaceholder.resolve(command, run: context.runID)
        let result = try await restart(command, in: context, what: "`\(command.script)` (again, after the restore)")
        return ("ran `\(command.script)` again", Self.reported(result))
    }

    private func restart(_ command: ShellCommand, in context: StepContext, what: String?) async throws(StepError) -> CommandResult {
        let probes = context.health.restartProbes
        await probes.clear(context.name)
        let result = try await context.run(command, what: what)
        await probes.record(context.name, RestartProbes.Probe(script: command.script, result: result, answeredAt: .now))
        return result
    }

    /// The journal keeps the probe's first line (the service state), not a server's node list.
    private static func reported(_ result: CommandResult) -> CommandResult {
        var shown = result
        if let newline = result.stdout.firstIndex(of: UInt8(ascii: "\n")) { shown.stdout = Array(result.stdout[...newline]) }
        return shown
    }
}
