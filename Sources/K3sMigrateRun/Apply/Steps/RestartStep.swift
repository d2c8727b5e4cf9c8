import Foundation
import K3sMigrateCore

/// Restarts the K3s service; the same command probes the host's health at once
/// (`RemoteCommands.restart`, the planned command), and the answer is left for the host's health
/// gate as its first poll. Undone by running it again after the files are restored
/// (`Undo.repeatAfterRestore`): `redo`, used by the rollback, primes the rollback's gate the same way.
/// A restart whose session the host dropped under it is found out on the host (`reconcile`).
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

    /// After the host dropped the session under this restart (it rebooted, or sshd restarted):
    /// whether the service came up again since the step began is asked on the host, not assumed.
    /// On systemd the proof is the unit's last activation (ActiveEnterTimestampMonotonic, the
    /// microseconds of CLOCK_MONOTONIC when it last entered `active`) against the host's uptime:
    /// active for less than the step has been running means this restart (or the boot) brought it
    /// up, from the files on disk that already hold this run's changes; the health gate that
    /// follows checks the rest. Anything else (active since before the step, inactive, failed,
    /// OpenRC with no such record, no answer): the restart runs again, as `run` does it.
    func reconcile(in context: StepContext, service: String?, manager: ServiceManager?,
                   stepStarted: Date) async throws(StepError) -> StepReport {
        if let probe = Self.activationProbe(service: service, manager: manager), let host = context.host,
           let result = try? await host.run(probe, timeoutSeconds: context.commandTimeout), result.succeeded,
           let activeFor = Self.activeSeconds(result.stdoutText),
           activeFor <= Date().timeIntervalSince(stepStarted) + 1 {
            return StepReport(summary: "\(service ?? "the service") is active, started \(String(format: "%.1f", activeFor)) s ago "
                                  + "(since this step began): no second restart", output: result)
        }
        let report = try await run(in: context)
        return StepReport(summary: "not proven restarted since the step began, so: \(report.summary)", output: report.output)
    }

    /// Prints `ACTIVE-ENTER-MICROSECONDS UPTIME-SECONDS` when the unit is active; systemd only.
    static func activationProbe(service: String?, manager: ServiceManager?) -> ShellCommand? {
        guard let service, manager == .systemd else { return nil }
        return ShellCommand("systemctl", "is-active", "--quiet", service)
            .and(ShellCommand("systemctl", "show", service, "-p", "ActiveEnterTimestampMonotonic", "--value"))
            .and(ShellCommand("cat", "/proc/uptime"))
    }

    /// Seconds the unit has been active, from the activation probe's output.
    static func activeSeconds(_ output: String) -> Double? {
        let words = output.split(whereSeparator: \.isWhitespace)
        guard words.count >= 2, let entered = Double(words[0]), entered > 0, let uptime = Double(words[1]) else { return nil }
        return max(0, uptime - entered / 1e6)
    }

    /// The journal keeps the probe's first line (the service state), not a server's node list.
    private static func reported(_ result: CommandResult) -> CommandResult {
        var shown = result
        if let newline = result.stdout.firstIndex(of: UInt8(ascii: "\n")) { shown.stdout = Array(result.stdout[...newline]) }
        return shown
    }
}
