import ArgumentParser
import Foundation
import K3sMigrateCore
import K3sMigrateRun

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Lint the fleet against the K3s networking rules without changing anything.",
        discussion: """
        Reports every problem in one run, each naming host, file and line: server settings that differ
        between servers, server-only keys in an agent's config, backends the node's version removed,
        wireguard-native without the kernel module, flannel-external-ip without node-external-ip,
        flannel-ipv6-masq misuse, invalid egress-selector-mode, service-cidr masks, invalid YAML.
        Exit 1 when any error is found, 0 otherwise (warnings alone exit 0).
        """)

    @OptionGroup var fleet: FleetOptions

    @Option(help: "text or json (one object with a 'problems' list).")
    var format: OutputFormat = .text

    func run() async throws {
        let diagnostics: [Diagnostic]
        do {
            let input = try await FleetInput.load(fleet.arguments())
            let hosts = Set(input.inventory.hosts(matching: fleet.limit).map(\.name))
            diagnostics = (input.warnings + FleetCheck.run(inventory: input.inventory, facts: input.facts))
                .filter { $0.host == nil || hosts.contains($0.host!) }
                .sortedForReport()
        } catch {
            Console.report(error.diagnostics)
            throw ExitCodes.error
        }
        switch format {
        case .json:
            let doc = JSONValue.object([
                ("errors", .int(diagnostics.filter { $0.severity == .error }.count)),
                ("warnings", .int(diagnostics.filter { $0.severity == .warning }.count)),
                ("problems", .array(diagnostics.map(PlanJSONRenderer.diagnostic))),
            ])
            print(doc.rendered(indent: 2))
        default:
            for diagnostic in diagnostics { print(TerminalText.visible(Redactor.redact(diagnostic.description), keepLineBreaks: false)) }
            let errors = diagnostics.filter { $0.severity == .error }.count
            print("\(errors) error(s), \(diagnostics.count - errors) warning(s)")
        }
        if diagnostics.hasErrors { throw ExitCodes.error }
    }
}
