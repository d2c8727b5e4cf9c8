import ArgumentParser

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

        Exit codes: \(ExitCodes.summary)
        """,
        version: "0.1.0",
        subcommands: [PlanCommand.self, ApplyCommand.self, CheckCommand.self, FactsCommand.self, RunsCommand.self, RollbackCommand.self, PlaybooksCommand.self]
    )
}
