import K3sMigrateCore

/// Creates or overwrites a whole file. Secret content is fetched at apply time (in dry-run too, so
/// a missing secret fails before any change) and never appears in a summary.
struct WriteFileStep {
    let write: FileWrite

    func run(in context: StepContext) async throws(StepError) -> StepReport {
        let host = try context.remote()
        let content: [UInt8]
        if let source = write.secretSource {
            let secret = try SecretResolver.resolve(source, environment: context.environment, for: write.path, host: context.name)
            content = SecretTemplate.fill(write.content, secret: secret)
        } else {
            content = LosslessText.encode(write.content ?? "")
        }
        if !write.existed {
            let current: FileFact?
            do {
                current = try await host.readFile(write.path)
            } catch {
                throw StepError.transport(error, host: context.name, doing: "reading \(write.path)")
            }
            if let current, !(context.resuming && current.content == content) {
                throw StepError("drift", "host \(context.name): \(write.path) appeared since the plan (drift): refusing to overwrite it; plan again")
            }
        }
        let origin = write.secretSource.map { " from \($0)" } ?? ""
        let what = "\(write.path) (mode \(String(write.mode, radix: 8)), \(content.count) bytes\(origin))"
        return try await context.change("write " + what) { () throws(StepError) in
            do {
                try await host.writeFile(write.path, content: content, mode: write.mode, owner: nil, group: nil)
            } catch {
                throw StepError.transport(error, host: context.name, doing: "writing \(write.path)")
            }
            return StepReport(summary: "wrote " + what)
        }
    }

    /// After the session dropped during this step: writes again. A file that did not exist
    /// before and now holds exactly the planned content is this step's own write, not drift.
    func reconcile(in context: StepContext) async throws(StepError) -> StepReport {
        let again = StepContext(hostName: context.hostName, host: context.host, runID: context.runID, dryRun: context.dryRun,
                            resuming: true, commandTimeout: context.commandTimeout, environment: context.environment,
                            health: context.health, stop: context.stop, facts: context.facts, spaceNeeds: context.spaceNeeds)
        return try await run(in: again)
    }
}
