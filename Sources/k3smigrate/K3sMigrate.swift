import ArgumentParser
import CBuildInfo
import Foundation
import K3sMigrateCore
import K3sMigrateRun
import K3sMigrateSSH
import Logging

@main
struct K3sMigrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "k3smigrate",
        abstract: "Plan and apply K3s networking migrations and lifecycle jobs across a fleet, over SSH.",
        discussion: """
        Review first, then change:
          k3smigrate check -i inventory.yaml --from-dir nodes/
          k3smigrate plan  -i inventory.yaml -p wireguard-native --from-dir nodes/
          k3smigrate plan  -i inventory.yaml -p wireguard-native          (live facts over SSH)

        EXAMPLES:
          k3smigrate playbooks
          k3smigrate facts -i inventory.yaml --save nodes/
          k3smigrate plan -i inventory.yaml -p wireguard-native --out migration.plan
          k3smigrate apply -i inventory.yaml migration.plan
          k3smigrate runs show last

        Exit codes: \(ExitCodes.summary)
        """,
        version: versionText,
        subcommands: [PlanCommand.self, ApplyCommand.self, CheckCommand.self, FactsCommand.self, ShowCommand.self,
                      RunsCommand.self, RollbackCommand.self, PlaybooksCommand.self]
    )

    /// argument-parser's main, plus: a misspelt command gets a suggestion, and with `--format json`
    /// a usage error still leaves a JSON document (the diagnostics, like check's) on stdout.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let problem = unknownSubcommand(arguments) {
            FileHandle.standardError.write(Data("error: \(problem)\n\(usageString())\n  See 'k3smigrate --help'.\n".utf8))
            if wantsJSON(arguments) { print(Console.diagnosticsDocument([.error("usage", problem)]).rendered(indent: 2)) }
            Foundation.exit(ExitCodes.usage.rawValue)
        }
        do {
            var command = try parseAsRoot(arguments)
            let level = StderrLogHandler.level(verbosity: (command as? VerboseCommand)?.logging.verbose ?? 0,
                                               environment: ProcessInfo.processInfo.environment)
            LoggingSystem.bootstrap { label in StderrLogHandler(label: label, level: level) }
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if wantsJSON(arguments), !(error is ExitCode), exitCode(for: error) != .success {
                let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
                print(Console.diagnosticsDocument([.error("usage", message.replacingOccurrences(of: "Error: ", with: ""))]).rendered(indent: 2))
            }
            exit(withError: error)
        }
    }

    static let version = "0.1.0"

    /// `--version`: the version, the commit it was built from, and the libssh2 loaded at run time.
    static var versionText: String {
        "\(version) (commit \(String(cString: k3smigrate_build_commit())), libssh2 \(LibSSH2Version.runtime))"
    }

    /// `k3smigrate plna`: the first word is neither an option nor a command.
    static func unknownSubcommand(_ arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
        let names = configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
        guard !names.contains(first) else { return nil }
        let hint = KeySuggestion.closest(to: first, among: names).map { "; did you mean '\($0)'?" } ?? ""
        return "unknown command '\(first)'\(hint) (commands: \(names.dropLast().joined(separator: ", ")))"
    }

    static func wantsJSON(_ arguments: [String]) -> Bool {
        zip(arguments, arguments.dropFirst()).contains { $0 == "--format" && $1 == "json" } || arguments.contains("--format=json")
    }
}
