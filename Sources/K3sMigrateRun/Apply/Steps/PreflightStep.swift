import K3sMigrateCore

/// Read-only checks; runs in dry-run too. Every check runs, so one failure report lists them all.
struct PreflightStep {
    let checks: [PreflightCheck]

    func run(in context: StepContext) async throws(StepError) -> StepReport {
        let host = try context.remote()
        var failed: [String] = []
        var lastFailure: CommandResult?
        for check in checks {
            let result: CommandResult
            do {
                result = try await host.run(check.command, timeoutSeconds: context.commandTimeout)
            } catch {
                throw StepError.transport(error, host: context.name, doing: "preflight check \(check.name)")
            }
            if !result.succeeded {
                failed.append(check.failure)
                lastFailure = result
            }
        }
        failed += try await FreeSpaceProbe(needs: context.spaceNeeds).shortfalls(on: host, in: context)
        guard failed.isEmpty else {
            throw StepError("preflight", "host \(context.name): preflight failed: \(failed.joined(separator: "; "))",
                            output: lastFailure)
        }
        return StepReport(summary: "\(checks.count) preflight check\(checks.count == 1 ? "" : "s") passed")
    }
}
