import K3sMigrateCore

/// A restart whose session the host dropped under it (it rebooted, or sshd restarted): whether
/// the service runs now is asked on the host, not assumed. Active: the restart (or the boot)
/// brought it up from the files on disk, which already hold this run's changes, and the health
/// gate that follows checks the rest. Anything else (inactive, failed, still activating, no
/// answer): the restart runs again, which is what the step does anyway.
struct RestartOutcome {
    let restart: ShellCommand
    /// `systemctl is-active SERVICE` / `rc-service SERVICE status`; nil when the plan has none.
    let activeProbe: ShellCommand?

    func reconcile(in context: StepContext) async throws(StepError) -> StepReport {
        if let activeProbe, let host = context.host,
           let result = try? await host.run(activeProbe, timeoutSeconds: context.commandTimeout), result.succeeded {
            return StepReport(summary: "`\(activeProbe.script)` says active: the service came back, no second restart", output: result)
        }
        let report = try await CommandStep(command: restart, kind: .restart).run(in: context)
        return StepReport(summary: "the service was not active, so: \(report.summary)", output: report.output)
    }
}
