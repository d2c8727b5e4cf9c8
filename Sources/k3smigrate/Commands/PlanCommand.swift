import ArgumentParser
import Foundation
import K3sMigrateCore
import K3sMigrateRun

struct PlanCommand: AsyncParsableCommand, VerboseCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show exactly what a playbook would change, in order, without changing anything.",
        discussion: """
        Facts come from the hosts over SSH (read-only), or from --from-dir, a directory that mirrors \
        each host's files (DIR/<host>/etc/rancher/k3s/config.yaml, ...) so that a plan can be reviewed \
        in a pull request with no SSH at all.

        A plan that the facts already show would fail (invalid YAML, a missing kernel module, a backend \
        the node's K3s removed) is refused: exit 1, every problem named by host, file and line.

        EXAMPLES:
          k3smigrate plan -i inventory.yaml -p wireguard-native --from-dir nodes/
          k3smigrate plan -i inventory.yaml -p wireguard-native --format json > plan.json
          k3smigrate plan -i inventory.yaml -p wireguard-native --out migration.plan
          k3smigrate plan -i inventory.yaml -p wireguard-native --limit 'edge-*,!edge-3' --detailed-exitcode
          k3smigrate plan -i inventory.yaml -p wireguard-native --format dot | dot -Tpng -o plan.png
        """)

    @OptionGroup var fleet: FleetOptions
    @OptionGroup var settingOverrides: SettingOverrideOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var fleetScale: FleetScaleOptions

    @Option(name: [.short, .customLong("playbook")], help: "Built-in playbook name (see `k3smigrate playbooks`) or a playbook file.")
    var playbook: String

    @Option(help: "text (per host, with diffs), json (stable document, see README), dot (Graphviz step graph, ranked by phase) or mermaid (the same graph for a pull request).")
    var format: PlanFormat = .text

    @Option(help: "Agents restarted together in one batch.")
    var parallel: Int = 5

    @Option(help: ArgumentHelp("Save the plan with a digest of every fact it depends on; `apply FILE` runs exactly it, or refuses if the hosts drifted.", valueName: "FILE"))
    var out: String?

    @Flag(help: "Exit 0 when there is nothing to do, 2 when changes are pending, 1 on error.")
    var detailedExitcode = false

    @OptionGroup var color: ColorOption

    func validate() throws {
        guard parallel >= 1 else { throw ValidationError("--parallel must be at least 1") }
    }

    func run() async throws {
        if FleetDirectory.isFleet(fleet.inventory) { return try await fleetScale.plan(self) }
        try fleetScale.refuseWithoutFleet()
        let plan: Plan
        var inputWarnings: [Diagnostic] = []
        do {
            let overrides = try settingOverrides.overrides()
            let playbook = try PlaybookLocator.load(self.playbook).overriding(overrides)
            let input = try await FleetInput.load(fleet.arguments(firewall: playbook.needsFirewallFacts))
            Console.report(input.warnings)
            inputWarnings = input.warnings
            let options = PlanOptions(agentBatchSize: parallel, limit: fleet.limit)
            plan = try Planner.plan(inventory: input.inventory, playbook: playbook, facts: input.facts, options: options)
            if let out {
                let saved = SavedPlan.make(plan: plan, facts: input.facts, inventory: input.inventory,
                                           inventoryText: try TextFile.read(fleet.inventory), options: options,
                                           playbookSource: self.playbook, settingOverrides: overrides)
                try saved.write(to: out)
            }
        } catch {
            throw Console.fail(error.diagnostics, json: format == .json, shownBefore: inputWarnings)
        }
        PlanOutput.print(plan, format: format, color: color.color, inputWarnings: inputWarnings)
        if let out { FileHandle.standardError.write(Data("plan saved to \(out); run it with: k3smigrate apply -i \(fleet.inventory) \(out)\n".utf8)) }
        if detailedExitcode, plan.hasChanges { throw ExitCodes.changesPending }
    }
}
