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

    @Flag(help: "Roll back the most recent run.") var last = false

    @OptionGroup var stateOption: StateOption
    @OptionGroup var logging: LoggingOptions

    @Option(help: "text or json event lines.") var format: TextOrJSON = .text

    @OptionGroup var color: ColorOption

    func validate() throws {
        guard (runID != nil) != last else { throw ValidationError("give a run id or --last (one of them)") }
    }

    func run() async throws {
        let state = stateOption.directory
        guard let id = runID ?? Journal.list(stateDir: state).last?.runID else {
            throw Console.fail("no runs yet in \(state)", rule: "no-runs", json: format == .json)
        }
        let request = ApplyRequest(fleet: FleetInput.Arguments(inventoryPath: inventory, factsDirectory: nil, limit: nil, maxParallel: 50),
                                   playbook: nil, planOptions: PlanOptions(), dryRun: false, yes: true, maxFailures: 0,
                                   rollbackOnFailure: true, stateDirectory: state, resumeRunID: nil)
        let session = ApplySession(request: request, events: EventOutput(format: format, palette: Console.palette(color.color)).emit)
        let result = await session.rollback(runID: id)
        throw Outcome.exitCode(for: result, stateDirectory: state, inventory: inventory)
    }
}
