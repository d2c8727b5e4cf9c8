import ArgumentParser
import Foundation
import K3sMigrateCore
import K3sMigrateRun

struct RollbackCommand: AsyncParsableCommand, VerboseCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Undo what a finished or interrupted apply run changed, from its journal.",
        discussion: """
        Files come back byte for byte with owner and mode from the backups on each host; units are \
        reloaded and services restarted, then health is checked again.

        EXAMPLES:
          k3smigrate rollback -i inventory.yaml --last
          k3smigrate rollback -i inventory.yaml 20261204-031500-ab12
          k3smigrate runs                                            (to find the id)
        """)

    @Option(name: [.short, .customLong("inventory")], help: "Inventory file (to reach the hosts).")
    var inventory: String

    @Argument(help: "Run id (see `k3smigrate runs`).") var runID: String?

    @Flag(help: "Roll back the newest real (not dry-run) run of the inventory's cluster.") var last = false

    @Flag(help: "Show what would be undone, from the journal alone; change nothing, contact no host.") var dryRun = false

    @Flag(help: "Take host locks even from a live run (say what that breaks).") var forceUnlock = false

    @OptionGroup var stateOption: StateOption
    @OptionGroup var logging: LoggingOptions

    @Option(help: "text or json event lines.") var format: TextOrJSON = .text

    @OptionGroup var color: ColorOption

    func validate() throws {
        guard (runID != nil) != last else { throw ValidationError("give a run id or --last (one of them)") }
    }

    func run() async throws {
        let state = stateOption.directory
        let request = ApplyRequest(fleet: FleetInput.Arguments(inventoryPath: inventory, factsDirectory: nil, limit: nil, maxParallel: 50),
                                   playbook: nil, planOptions: PlanOptions(), dryRun: dryRun, yes: true, maxFailures: 0,
                                   rollbackOnFailure: true, stateDirectory: state, resumeRunID: nil, forceUnlock: forceUnlock)
        let output = EventOutput(format: format, palette: Console.palette(color.color))
        let session = ApplySession(request: request, events: output.emit, notices: { Console.report($0) })
        let result = await session.rollback(runID: runID, dryRun: dryRun)
        if dryRun, case .rolledBack(let id, let report) = result {
            let steps = report.undone.count
            FileHandle.standardError.write(Data(("dry run: a rollback of run \(id) would undo \(steps) step\(steps == 1 ? "" : "s")"
                + (report.remaining.isEmpty ? "" : "; cannot be undone: \(report.remaining.joined(separator: ", "))")
                + "; nothing was changed\n").utf8))
            throw report.remaining.isEmpty ? ExitCode.success : ExitCodes.rollbackIncomplete
        }
        throw Outcome.exitCode(for: result, stateDirectory: state, inventory: inventory)
    }
}
