import ArgumentParser
import Foundation
import K3sMigrateCore
import K3sMigrateRun

struct FactsCommand: AsyncParsableCommand, VerboseCommand {
    static let configuration = CommandConfiguration(
        commandName: "facts",
        abstract: "Gather, read-only, every fact the planner needs from all hosts in parallel.",
        discussion: """
        With --save DIR, writes the layout that --from-dir reads (DIR/<host>/etc/rancher/k3s/..., \
        DIR/<host>/facts.yaml), so you can gather, review and commit, plan offline, then apply. \
        Env files (k3s.service.env with K3S_TOKEN) are never read.

        EXAMPLES:
          k3smigrate facts -i inventory.yaml
          k3smigrate facts -i inventory.yaml --save nodes/ && git add nodes/
          k3smigrate facts -i inventory.yaml --limit servers --format json
        """)

    @OptionGroup var fleet: FleetOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var fleetScale: FleetScaleOptions

    @Option(help: ArgumentHelp("Write the facts to DIR in the --from-dir layout.", valueName: "DIR"))
    var save: String?

    @Flag(help: "Also gather iptables/ip6tables dumps (Cilium cleanup needs them).")
    var firewall = false

    @Option(help: "text (a summary line per host) or json.")
    var format: TextOrJSON = .text

    func run() async throws {
        if FleetDirectory.isFleet(fleet.inventory) { return try await fleetScale.facts(self) }
        try fleetScale.refuseWithoutFleet()
        let input: FleetInput
        do {
            input = try await FleetInput.load(fleet.arguments(firewall: firewall))
        } catch {
            throw Console.fail(error.diagnostics, json: format == .json)
        }
        Console.report(input.warnings)
        if let save {
            do {
                try FactsDirectory.save(input.facts, to: save)
            } catch {
                throw Console.fail(error.diagnostics, json: format == .json, shownBefore: input.warnings)
            }
        }
        let hosts = input.inventory.hosts(matching: fleet.limit)
        switch format {
        case .json:
            print(JSONValue.array(hosts.compactMap { host in input.facts[host.name].map { FactsSummary.json(host, $0) } }).rendered(indent: 2))
        case .text:
            for host in hosts {
                guard let facts = input.facts[host.name] else { continue }
                print(TerminalText.visible(Redactor.redact(FactsSummary.line(host, facts)), keepLineBreaks: false))
            }
            if let save { print("saved facts of \(input.facts.hosts.count) host(s) to \(save)") }
        }
    }
}
