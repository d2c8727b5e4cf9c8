import K3sMigrateCore

/// Copies a file into the run's backup directory on its host with a `.meta` of owner and mode.
/// Dry-run only checks that the file is there.
struct BackupStep {
    let path: String

    func run(in context: StepContext) async throws(StepError) -> StepReport {
        let host = try context.remote()
        let present: Bool
        do {
            present = try await host.readFile(path) != nil
        } catch {
            throw StepError.transport(error, host: context.name, doing: "reading \(path)")
        }
        guard present else {
            throw StepError("drift", "host \(context.name): \(path) is missing, so it cannot be backed up (drift since the plan)")
        }
        let destination = BackupPaths.backup(of: path, run: context.runID)
        return try await context.change("copy \(path) to \(destination) keeping owner and mode") { () throws(StepError) in
            let result = try await context.run(RemoteCommands.backup(path, run: context.runID), what: "backup of \(path)")
            return StepReport(summary: "copied \(path) to \(destination)", output: result,
                              backups: [destination, destination + ".meta"])
        }
    }
}
