import ArgumentParser
import K3sMigrateRun

/// Where the fleet and its facts come from.
struct FleetOptions: ParsableArguments {
    @Option(name: [.short, .customLong("inventory")], help: "Inventory file (k3smigrate YAML, or a k3s-ansible inventory).")
    var inventory: String

    @Option(name: .customLong("from-dir"), help: ArgumentHelp(
        "Read facts from DIR/<host>/ (a mirror of each host's files, plus facts.yaml) instead of over SSH.",
        valueName: "DIR"))
    var fromDir: String?

    @Option(help: ArgumentHelp("Only these hosts: names, 'servers', 'agents' or label=value, comma-separated.", valueName: "HOSTS"))
    var limit: String?

    @Option(name: .customLong("parallel-connect"), help: "Hosts contacted at once when gathering facts over SSH.")
    var parallelConnect: Int = 50
}

/// How results are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, dot
}

extension FleetOptions {
    func arguments(firewall: Bool = false) -> FleetInput.Arguments {
        FleetInput.Arguments(inventoryPath: inventory, factsDirectory: fromDir, limit: limit,
                             maxParallel: parallelConnect, firewall: firewall)
    }
}
