import Foundation
import K3sMigrateCore

/// A restart whose session the host dropped under it (it rebooted, or sshd restarted): whether
/// the service came up again since the step began is asked on the host, not assumed. On systemd
/// the proof is the unit's last activation (ActiveEnterTimestampMonotonic, the microseconds of
/// CLOCK_MONOTONIC when it last entered `active`) against the host's uptime: active for less
/// than the step has been running means this restart (or the boot) brought it up, from the
/// files on disk that already hold this run's changes; the health gate that follows checks the
/// rest. Anything else (active since before the step, inactive, failed, OpenRC with no such
/// record, no answer): the restart runs again, which is what the step does anyway.
struct RestartOutcome {
    let restart: ShellCommand
    let service: String?
    let manager: ServiceManager?
    /// When the step began, on this machine's clock (only durations are compared with the host).
    let stepStarted: Date

    func reconcile(in context: StepContext) async throws(StepError) -> StepReport {
        if let probe, let host = context.host,
           let result = try? await host.run(probe, timeoutSeconds: context.commandTimeout), result.succeeded,
           let activeFor = RestartOutcome.activeSeconds(result.stdoutText),
           activeFor <= Date().timeIntervalSince(stepStarted) + 1 {
            return StepReport(summary: "\(service ?? "the service") is active, started \(String(format: "%.1f", activeFor)) s ago "
                                  + "(since this step began): no second restart", output: result)
        }
        let report = try await CommandStep(command: restart, kind: .restart).run(in: context)
        return StepReport(summary: "not proven restarted since the step began, so: \(report.summary)", output: report.output)
    }

    /// Prints `ACTIVE-ENTER-MICROSECONDS UPTIME-SECONDS` when the unit is active.
    var probe: ShellCommand? {
        guard let service, manager == .systemd else { return nil }
        return ShellCommand("systemctl", "is-active", "--quiet", service)
            .and(ShellCommand("systemctl", "show", service, "-p", "ActiveEnterTimestampMonotonic", "--value"))
            .and(ShellCommand("cat", "/proc/uptime"))
    }

    /// Seconds the unit has been active, from the probe's output.
    static func activeSeconds(_ output: String) -> Double? {
        let words = output.split(whereSeparator: \.isWhitespace)
        guard words.count >= 2, let entered = Double(words[0]), entered > 0, let uptime = Double(words[1]) else { return nil }
        return max(0, uptime - entered / 1e6)
    }
}
