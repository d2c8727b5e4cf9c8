import ArgumentParser
import Foundation
import K3sMigrateCore
import K3sMigrateRun

struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List apply runs, newest last, or show one run's journal.",
        subcommands: [List.self, Show.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "One line per run: id, start, cluster, playbook, outcome.")
        @OptionGroup var state: StateOption

        func run() throws {
            let runs = Journal.list(stateDir: state.directory)
            guard !runs.isEmpty else {
                print("no runs in \(state.directory)")
                return
            }
            let formatter = ISO8601DateFormatter()
            for run in runs {
                let started = run.startedAt.map { formatter.string(from: $0) } ?? "-"
                let outcome = run.outcome ?? "unfinished (resume or roll back)"
                print("\(run.runID)  \(started)  \(run.cluster ?? "-")  \(run.playbook ?? "-")\(run.dryRun ? " (dry run)" : "")  \(outcome)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Every journal line of one run.")
        @OptionGroup var state: StateOption
        @Argument(help: "Run id, or 'last'.") var runID: String

        func run() throws {
            let id = runID == "last" ? Journal.list(stateDir: state.directory).last?.runID : runID
            guard let id else { throw ValidationError("no runs in \(state.directory)") }
            do {
                for entry in try Journal.read(runID: id, stateDir: state.directory) { print(entry.line) }
            } catch {
                Console.report(error.diagnostics)
                throw ExitCodes.error
            }
        }
    }
}
