import Foundation
import ArgumentParser
import K3sMigrateCore
import K3sMigrateRun

struct PlaybooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "playbooks",
        abstract: "List the built-in playbooks, one line each.",
        discussion: """
        The built-in playbooks are compiled into k3smigrate: `-p NAME` always means one of these. \
        Give a path (it contains a slash or ends in .yaml) for a playbook of your own, e.g. `-p ./mine.yaml`.

        EXAMPLES:
          k3smigrate playbooks
          k3smigrate playbooks --format json
          k3smigrate plan -i inventory.yaml -p wireguard-native --from-dir nodes/
        """)

    @Option(help: "text (name and summary) or json (name, summary, description, targets).")
    var format: TextOrJSON = .text

    func run() throws {
        var rows: [(name: String, playbook: Playbook)] = []
        do {
            for builtIn in PlaybookLocator.builtIns {
                rows.append((builtIn.name, try PlaybookParser.parse(builtIn.text, file: builtIn.file)))
            }
        } catch {
            throw Console.fail(error.diagnostics, json: format == .json)
        }
        switch format {
        case .json:
            print(JSONValue.object([
                ("formatVersion", .int(1)),
                ("playbooks", .array(rows.map { row in
                    .object([
                        ("name", .string(row.playbook.name)),
                        ("summary", .string(row.playbook.summary)),
                        ("description", row.playbook.description.map(JSONValue.string) ?? .null),
                        ("targets", .string(row.playbook.targets.rawValue)),
                    ])
                })),
            ]).rendered(indent: 2))
        case .text:
            for row in rows {
                print("\(row.playbook.name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(row.playbook.summary)")
            }
        }
    }
}
