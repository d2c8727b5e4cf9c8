import ArgumentParser
import Foundation
import K3sMigrateCore
import K3sMigrateRun

struct ApplyCommand: AsyncParsableCommand, VerboseCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Change the fleet: preflight everywhere, back up, edit, restart in order, gate on health, roll back on failure.",
        discussion: """
        Servers restart one at a time (the one others join first), each gated on health (service active, \
        node Ready with the expected backend, asked on a healthy server); agents follow in batches of \
        --parallel. When a step fails, no new step starts and every completed change is undone in reverse \
        order (files restored byte for byte with owner and mode, units reloaded, services restarted).

        Every run has an id and a journal under --state-dir (`k3smigrate runs`). Interrupted (Ctrl-C, \
        SIGTERM): the step in flight finishes, the journal is written, exit 130 with the commands to \
        resume or roll back.

        Exit codes: \(ExitCodes.summary)

        EXAMPLES:
          k3smigrate apply -i inventory.yaml -p wireguard-native --dry-run
          k3smigrate apply -i inventory.yaml migration.plan          (a plan saved by plan --out)
          k3smigrate apply -i inventory.yaml -p wireguard-native --limit servers
          k3smigrate apply -i inventory.yaml -p wireguard-native --yes --format json > events.jsonl
          k3smigrate apply -i inventory.yaml --resume 20261204-031500-ab12
        """)

    @OptionGroup var fleet: HostOptions
    @OptionGroup var settingOverrides: SettingOverrideOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var fleetScale: FleetScaleOptions
    @OptionGroup var fleetWaves: FleetWaveOptions

    @Argument(help: ArgumentHelp("A plan saved by `plan --out`: applied exactly as reviewed; refused, naming host and file, if the hosts drifted since.", valueName: "PLANFILE"))
    var planFile: String?

    @Option(name: [.short, .customLong("playbook")], help: "Built-in playbook name or a playbook file.")
    var playbook: String?

    @Flag(help: "Walk exactly the steps apply would run, with the same code, reading but changing nothing.")
    var dryRun = false

    @Flag(help: "Allow steps that cannot be undone without asking (required when stdin is not a terminal).")
    var yes = false

    @Option(help: "Agents restarted together in one batch.")
    var parallel: Int = 5

    @Option(help: "Agents that may fail (each rolled back alone) before the whole run stops and rolls back.")
    var maxFailures: Int = 0

    @Flag(help: "On failure, leave things as they are instead of undoing completed changes.")
    var noRollback = false

    @Option(help: ArgumentHelp("Continue run ID after a crash of the controller, skipping what its journal shows done.", valueName: "ID"))
    var resume: String?

    @OptionGroup var state: StateOption

    @Flag(help: "Take host locks even from a live run. This breaks that run's guarantees: it may still be changing those hosts, and its rollback and resume will not see your changes.")
    var forceUnlock = false

    @Option(help: "text (one line per event) or json (one JSON object per event and line; docs/apply-events.schema.json).")
    var format: TextOrJSON = .text

    @OptionGroup var color: ColorOption

    @Option(help: ArgumentHelp("Seconds between two polls of a health gate.", visibility: .hidden))
    var healthPoll: Double = 1

    func validate() throws {
        guard parallel >= 1 else { throw ValidationError("--parallel must be at least 1") }
        guard maxFailures >= 0 else { throw ValidationError("--max-failures must be 0 or more") }
        guard [playbook != nil, resume != nil, planFile != nil].filter({ $0 }).count == 1 else {
            throw ValidationError("apply needs exactly one of -p PLAYBOOK, a saved PLANFILE, or --resume ID")
        }
    }

    func run() async throws {
        if FleetDirectory.isFleet(fleet.inventory) { return try await fleetScale.apply(self, waves: fleetWaves) }
        try fleetScale.refuseWithoutFleet(waves: fleetWaves)
        let stateDirectory = state.directory
        var request = ApplyRequest(fleet: fleet.arguments(), playbook: playbook,
                                   planOptions: PlanOptions(agentBatchSize: parallel, limit: fleet.limit),
                                   dryRun: dryRun, yes: yes, maxFailures: maxFailures, rollbackOnFailure: !noRollback,
                                   stateDirectory: stateDirectory, resumeRunID: resume, healthPollInterval: healthPoll,
                                   planFile: planFile, forceUnlock: forceUnlock)
        request.settingOverrides = try settingOverrides.overrides()
        let output = EventOutput(format: format, palette: Console.palette(color.color))
        let session = ApplySession(request: request, events: output.emit, notices: Console.report)
        let signals = SignalTrap { session.requestStop() }
        let result = await session.run(confirm: Confirmation.ask)
        signals.cancel()
        throw Outcome.exitCode(for: result, stateDirectory: stateDirectory, inventory: fleet.inventory)
    }
}
