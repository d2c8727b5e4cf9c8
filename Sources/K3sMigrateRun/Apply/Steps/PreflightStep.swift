import K3sMigrateCore

/// Read-only checks; runs in dry-run too. Every check runs, so one failure report lists them all.
/// What the facts gathered in this run already show passing is not asked again; the rest goes to
/// the host in one command (one round trip however many checks there are).
struct PreflightStep {
    let checks: [PreflightCheck]

    /// Marks each check's exit status in the combined command's output.
    static let statusMarker = "@@k3smigrate-check"

    func run(in context: StepContext) async throws(StepError) -> StepReport {
        let host = try context.remote()
        let remote = checks.filter { check in context.facts.map { !PreflightFacts.passes(check, facts: $0) } ?? true }
        var failed: [String] = []
        var lastFailure: CommandResult?
        if !remote.isEmpty {
            let result: CommandResult
            do {
                result = try await host.run(PreflightStep.combined(remote), timeoutSeconds: context.commandTimeout)
            } catch {
                throw StepError.transport(error, host: context.name, doing: "preflight checks \(remote.map(\.name).joined(separator: ", "))")
            }
            let statuses = PreflightStep.statuses(result)
            for (index, check) in remote.enumerated() where statuses.count <= index || statuses[index] != 0 {
                failed.append(check.failure)
                lastFailure = result
            }
        }
        failed += try await FreeSpaceProbe(needs: context.spaceNeeds).shortfalls(on: host, in: context)
        guard failed.isEmpty else {
            throw StepError("preflight", "host \(context.name): preflight failed: \(failed.joined(separator: "; "))",
                            output: lastFailure)
        }
        let fromFacts = checks.count - remote.count
        return StepReport(summary: "\(checks.count) preflight check\(checks.count == 1 ? "" : "s") passed"
                          + (fromFacts > 0 ? " (\(fromFacts) answered by this run's facts)" : ""))
    }

    /// `( CHECK ) >/dev/null; echo "@@k3smigrate-check $?"` for each check, in order.
    static func combined(_ checks: [PreflightCheck]) -> ShellCommand {
        var script: ShellCommand?
        for check in checks {
            let one = check.command.grouped.redirect(to: "/dev/null").then(.literal("echo \"@@k3smigrate-check $?\""))
            script = script.map { $0.then(one) } ?? one
        }
        return script ?? .literal(":")
    }

    /// The exit status of each check, in order, from the combined command's output.
    static func statuses(_ result: CommandResult) -> [Int32] {
        result.stdoutText.split(whereSeparator: \.isNewline).compactMap { line in
            guard line.hasPrefix(statusMarker + " ") else { return nil }
            return Int32(line.dropFirst(statusMarker.count + 1))
        }
    }
}
