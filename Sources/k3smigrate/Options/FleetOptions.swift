import ArgumentParser
import K3sMigrateRun

/// The hosts to work on: the inventory and `--limit`. `apply` takes only these (it works on live
/// hosts, so `--from-dir` is not offered there).
struct HostOptions: ParsableArguments {
    @Option(name: [.short, .customLong("inventory")], help: "Inventory file (k3smigrate YAML, or a k3s-ansible inventory).")
    var inventory: String

    @Option(help: ArgumentHelp("Only these hosts, like Ansible's --limit: names, globs ('edge-*'), 'servers', 'agents' or label=value, comma-separated; '!NAME' excludes.", valueName: "HOSTS"))
    var limit: String?

    @Option(name: .customLong("parallel-connect"), help: "Hosts contacted at once when gathering facts over SSH.")
    var parallelConnect: Int = 50

    func arguments(firewall: Bool = false) -> FleetInput.Arguments {
        FleetInput.Arguments(inventoryPath: inventory, factsDirectory: nil, limit: limit,
                             maxParallel: parallelConnect, firewall: firewall)
    }
}

/// Where the fleet and its facts come from: the hosts, or a facts directory (`--from-dir`).
struct FleetOptions: ParsableArguments {
    @OptionGroup var hosts: HostOptions

    @Option(name: .customLong("from-dir"), help: ArgumentHelp(
        "Read facts from DIR/<host>/ (a mirror of each host's files, plus facts.yaml) instead of over SSH.",
        valueName: "DIR"))
    var fromDir: String?

    var inventory: String { hosts.inventory }
    var limit: String? { hosts.limit }
    var parallelConnect: Int { hosts.parallelConnect }

    func arguments(firewall: Bool = false) -> FleetInput.Arguments {
        var arguments = hosts.arguments(firewall: firewall)
        arguments.factsDirectory = fromDir
        return arguments
    }
}
