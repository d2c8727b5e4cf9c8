import ArgumentParser
import Foundation
import K3sMigrateCore
import K3sMigrateRun

struct CheckCommand: AsyncParsableCommand, VerboseCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Lint the fleet against the K3s networking rules without changing anything.",
        discussion: """
        Reports every problem in one run, each naming host, file and line: server settings that differ \
        between servers, server-only keys in an agent's config, backends the node's version removed, \
        wireguard-native without the kernel module, flannel-external-ip without node-external-ip, \
        flannel-ipv6-masq misuse, invalid egress-selector-mode, service-cidr masks, invalid YAML. \
        Exit 1 when any error is found, 0 otherwise (warnings alone exit 0).

        EXAMPLES:
          k3smigrate check -i inventory.yaml --from-dir nodes/
          k3smigrate check -i inventory.yaml                        (live facts over SSH)
          k3smigrate check -i inventory.yaml --from-dir nodes/ --format json --limit servers
        """)

    @OptionGroup var fleet: FleetOptions
    @OptionGroup var logging: LoggingOptions

    @Option(help: "text or json (one object with a 'problems' list).")
    var format: TextOrJSON = .text

    @OptionGroup var color: ColorOption

    func run() async throws {
        let diagnostics: [Diagnostic]
        do {
            let input = try await FleetInput.load(fleet.arguments())
            let hosts = Set(input.inventory.hosts(matching: fleet.limit).map(\.name))
            diagnostics = (input.warnings + FleetCheck.run(inventory: input.inventory, facts: input.facts))
                .filter { $0.host == nil || hosts.contains($0.host!) }
                .sortedForReport()
        } catch {
            throw Console.fail(error.diagnostics, json: format == .json)
        }
        switch format {
        case .json:
            print(Console.diagnosticsDocument(diagnostics).rendered(indent: 2))
        case .text:
            let palette = Console.palette(color.color)
            for diagnostic in diagnostics {
                let line = TerminalText.visible(Redactor.redact(diagnostic.description), keepLineBreaks: false)
                switch diagnostic.severity {
                case .error: print(palette.red("error:") + line.dropFirst("error:".count))
                case .warning: print(palette.yellow("warning:") + line.dropFirst("warning:".count))
                }
            }
            let errors = diagnostics.filter { $0.severity == .error }.count
            print("\(errors) error(s), \(diagnostics.count - errors) warning(s)")
        }
        if diagnostics.hasErrors { throw ExitCodes.error }
    }
}
