import ArgumentParser
import Foundation
import K3sMigrateCore
import K3sMigrateRun

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Render a plan saved by `plan --out` the way `plan` prints it, without contacting any host.",
        discussion: """
        EXAMPLES:
          k3smigrate show migration.plan
          k3smigrate show migration.plan --format json
          k3smigrate show migration.plan --format dot | dot -Tsvg -o migration.svg
        """)

    @Argument(help: ArgumentHelp("A plan file written by `plan --out FILE`.", valueName: "PLANFILE"))
    var planFile: String

    @Option(help: "text (per host, with diffs), json (the plan document), dot (Graphviz step graph, ranked by phase) or mermaid (the same graph for a pull request).")
    var format: PlanFormat = .text

    @OptionGroup var color: ColorOption

    func run() throws {
        let saved: SavedPlan
        do {
            saved = try SavedPlan.read(from: planFile)
        } catch {
            throw Console.fail(error.diagnostics, json: format == .json)
        }
        PlanOutput.print(saved.plan, format: format, color: color.color)
    }
}
