import K3sMigrateCore

/// What a step's code gets: its host, the run's settings, and `change`, the one switch between
/// doing and describing, so that dry-run and apply share every line of a step's code.
struct StepContext: Sendable {
    let hostName: String?
    let host: (any RemoteHost)?
    let runID: String
    let dryRun: Bool
    /// Resuming a run: an edit whose file already holds the new content counts as done.
    let resuming: Bool
    let commandTimeout: Int
    let environment: [String: String]
    let health: HealthCheck
    /// Set on Ctrl-C/SIGTERM: waits that change nothing (health gates) end at once.
    var stop: StopFlag? = nil
    /// The host's facts as gathered at the start of this run (nil on resume): preflight takes the
    /// checks they already show passing from them.
    var facts: HostFacts? = nil
    /// Preflight only: what the host's steps will write, for the free-space check.
    var spaceNeeds: [FreeSpaceProbe.Need] = []

    /// The step's host, or a failure when the step has none.
    func remote() throws(StepError) -> any RemoteHost {
        guard let host else { throw StepError("no-host", "step needs a host but has none") }
        return host
    }

    var name: String { hostName ?? "-" }

    /// Runs `command` on the host; fails unless it exits 0.
    func run(_ command: ShellCommand, what: String? = nil) async throws(StepError) -> CommandResult {
        let host = try remote()
        let result: CommandResult
        do {
            result = try await host.run(command, timeoutSeconds: commandTimeout)
        } catch {
            throw StepError.transport(error, host: name, doing: what ?? "`\(command.script)`")
        }
        guard result.succeeded else {
            let ended = result.exitSignal.map { "was killed by SIG\($0)" } ?? "exited \(result.exitStatus)"
            let detail = OutputExcerpt.firstLine(result)
            throw StepError("command-failed", "host \(name): \(what ?? "`\(command.script)`") \(ended)"
                                + (detail.isEmpty ? "" : ": \(detail)"), output: result)
        }
        return result
    }

    /// Performs `body` for real, or in a dry run returns a report that only describes it.
    func change(_ description: String, _ body: () async throws(StepError) -> StepReport) async throws(StepError) -> StepReport {
        guard !dryRun else { return StepReport(summary: "would " + description, described: true) }
        return try await body()
    }
}
