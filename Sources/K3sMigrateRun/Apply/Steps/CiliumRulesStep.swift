import K3sMigrateCore

/// Removes Cilium's chains and rules from one firewall backend: reads the host's current dump,
/// filters it with `CiliumRuleFilter` (every other rule kept), writes the result into the run's
/// directory (mode 0600) and loads it with `<tool>-restore`. A host already clean changes nothing.
/// Dry-run reads and filters, and says what would go.
struct CiliumRulesStep {
    let removal: CiliumRuleRemoval

    func run(in context: StepContext) async throws(StepError) -> StepReport {
        let host = try context.remote()
        let (save, restore) = removal.commands(run: context.runID)
        let current: CommandResult
        do {
            current = try await host.run(save, timeoutSeconds: context.commandTimeout)
        } catch {
            throw StepError.transport(error, host: context.name, doing: "`\(save.script)`")
        }
        if current.exitStatus == 127 {
            return StepReport(summary: "no \(removal.saveTool) on the host: no \(removal.tool) rules to remove")
        }
        guard current.succeeded else {
            throw StepError("command-failed", "host \(context.name): `\(save.script)` exited \(current.exitStatus): \(OutputExcerpt.firstLine(current))",
                            output: current)
        }
        let filtered = CiliumRuleFilter.filter(current.stdoutText)
        guard filtered.changes else {
            return StepReport(summary: "no Cilium chains or rules left in \(removal.tool)")
        }
        let path = removal.filteredPath(run: context.runID)
        let what = "\(filtered.removed.count) Cilium line(s) from \(removal.tool), keeping every other rule"
        return try await context.change("remove " + what) { () throws(StepError) in
            do {
                try await host.writeFile(path, content: Array(filtered.kept.utf8), mode: 0o600, owner: nil, group: nil)
            } catch {
                throw StepError.transport(error, host: context.name, doing: "writing \(path)")
            }
            let result = try await context.run(restore, what: "`\(restore.script)`")
            return StepReport(summary: "removed " + what, output: result)
        }
    }
}
