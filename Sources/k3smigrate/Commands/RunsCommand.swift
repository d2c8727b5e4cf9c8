import ArgumentParser
import Foundation
import K3sMigrateCore
import K3sMigrateRun

struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List apply runs, newest last, or show one run's journal.",
        discussion: """
        EXAMPLES:
          k3smigrate runs
          k3smigrate runs --format json
          k3smigrate runs show last
          k3smigrate runs show 20261204-031500-ab12 --format json
        """,
        subcommands: [List.self, Show.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "One line per run: id, start, cluster, playbook, outcome.",
            discussion: """
            EXAMPLES:
              k3smigrate runs list
              k3smigrate runs list --format json --state-dir /var/lib/k3smigrate-state
            """)
        @OptionGroup var state: StateOption
        @Option(help: "text (one line per run) or json.") var format: TextOrJSON = .text

        nonisolated(unsafe) static let time = ISO8601DateFormatter()

        static func json(_ run: RunSummary) -> JSONValue {
            let started: JSONValue = run.startedAt.map { .string(time.string(from: $0)) } ?? .null
            return .object([
                ("id", .string(run.runID)),
                ("started", started),
                ("cluster", run.cluster.map(JSONValue.string) ?? .null),
                ("playbook", run.playbook.map(JSONValue.string) ?? .null),
                ("dryRun", .bool(run.dryRun)),
                ("outcome", run.outcome.map(JSONValue.string) ?? .null),
            ])
        }

        func run() throws {
            let runs = Journal.list(stateDir: state.directory)
            if format == .json {
                print(JSONValue.object([
                    ("formatVersion", .int(1)),
                    ("stateDir", .string(state.directory)),
                    ("runs", .array(runs.map(Self.json))),
                ]).rendered(indent: 2))
                return
            }
            guard !runs.isEmpty else {
                print("no runs yet in \(state.directory)")
                return
            }
            for run in runs {
                let started = run.startedAt.map { Self.time.string(from: $0) } ?? "-"
                let outcome = run.outcome ?? "unfinished (resume or roll back)"
                print("\(run.runID)  \(started)  \(run.cluster ?? "-")  \(run.playbook ?? "-")\(run.dryRun ? " (dry run)" : "")  \(outcome)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "One run: a table of its steps (host, result, duration), or its journal as JSON.",
            discussion: """
            EXAMPLES:
              k3smigrate runs show last
              k3smigrate runs show 20261204-031500-ab12 --format json | jq '.entries[] | select(.result == "failed")'
              k3smigrate runs show last --format svg > run.svg     # a timeline, one lane per host
              k3smigrate runs show last --format html > run.html   # the timeline and the table, for a browser
            """)
        @OptionGroup var state: StateOption
        @Argument(help: "Run id (see `k3smigrate runs`), or 'last'.") var runID: String
        @Option(help: "text (a table of steps), json (every journal line), svg (a timeline, one lane per host) or html (timeline and table).")
        var format: RunFormat = .text
        @OptionGroup var color: ColorOption

        func run() throws {
            let runs = Journal.list(stateDir: state.directory)
            let id = runID == "last" ? runs.last?.runID : runID
            guard let id else {
                throw Console.fail("no runs yet in \(state.directory)", rule: "no-runs", json: format == .json)
            }
            let entries: [JournalEntry]
            do {
                entries = try Journal.read(runID: id, stateDir: state.directory)
            } catch {
                var problems = error.diagnostics
                let hint = KeySuggestion.closest(to: id, among: runs.map(\.runID))
                if let hint, !problems.isEmpty { problems[0].message += "; did you mean '\(hint)'?" }
                throw Console.fail(problems, json: format == .json)
            }
            switch format {
            case .text:
                print(RunTableRenderer.render(runID: id, entries: entries, palette: Console.palette(color.color)), terminator: "")
            case .json:
                // The journal's lines are JSON objects already: they go into the document as written.
                let lines = entries.map { "    " + $0.line }.joined(separator: ",\n")
                print("{\n  \"formatVersion\": 1,\n  \"run\": \(JSONValue.string(id).rendered()),\n  \"entries\": [\n\(lines)\n  ]\n}")
            case .svg:
                print(RunTimelineRenderer.svg(runID: id, entries: entries), terminator: "")
            case .html:
                print(RunTimelineRenderer.html(runID: id, entries: entries), terminator: "")
            }
        }
    }
}
