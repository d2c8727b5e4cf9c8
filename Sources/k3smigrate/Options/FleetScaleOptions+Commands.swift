import ArgumentParser
import Foundation
import K3sMigrateCore
import K3sMigrateRun

/// `plan` and `facts` with -i DIR: the fleet library does the work, this prints it.
extension FleetScaleOptions {
    /// The fleet directory; an error is reported on stderr and, with `json`, as the JSON
    /// diagnostics document on stdout (so `--format json` keeps stdout JSON on errors).
    func loadFleet(_ path: String, json: Bool = false) throws -> FleetInventory {
        do {
            return try FleetDirectory.load(path).restricted(to: parsedShard)
        } catch {
            throw Console.fail(error.diagnostics, json: json)
        }
    }

    func gatherOptions(_ fleet: FleetOptions, firewall: Bool) -> FleetGather.Options {
        FleetGather.Options(factsDirectory: fleet.fromDir, limit: fleet.limit, parallelConnect: fleet.parallelConnect,
                            clustersParallel: clustersParallel, budget: SessionBudget(limit: sessionLimit), firewall: firewall)
    }

    /// `plan -i DIR`: exit 1 when any cluster is refused, else as for one cluster.
    func plan(_ command: PlanCommand) async throws {
        guard command.out == nil else { throw ValidationError("--out saves the plan of one cluster; give -i FILE") }
        guard command.format != .dot, command.format != .mermaid else { throw ValidationError("--format \(command.format.rawValue) shows one cluster; give -i FILE") }
        let playbook: Playbook
        do {
            playbook = try PlaybookLocator.load(command.playbook).overriding(command.settingOverrides.overrides())
        } catch {
            throw Console.fail(error.diagnostics, json: command.format == .json)
        }
        let fleetInventory = try loadFleet(command.fleet.inventory, json: command.format == .json)
        let options = PlanOptions(agentBatchSize: command.parallel, limit: command.fleet.limit)
        let plan = await FleetPlan.make(fleetInventory, playbook: playbook, options: options,
                                        gather: gatherOptions(command.fleet, firewall: playbook.needsFirewallFacts),
                                        shard: parsedShard)
        for entry in plan.entries {
            if case .planned(let cluster, _, let warnings) = entry { Console.report(warnings.map { $0.scoped(to: cluster.name) }) }
        }
        switch command.format {
        case .json: print(FleetPlanRenderer.json(plan), terminator: "")
        default: print(FleetPlanRenderer.text(plan, palette: Console.palette(command.color.color)), terminator: "")
        }
        for (cluster, problems) in plan.refused {
            Console.report(problems.filter { $0.severity == .error }.map { $0.scoped(to: cluster.name) })
        }
        if plan.hasRefusals { throw ExitCodes.error }
        if command.detailedExitcode, plan.hasChanges { throw ExitCodes.changesPending }
    }

    /// `facts -i DIR [--save OUT]`: OUT/<cluster>/<host>/ per cluster; lines `cluster/host ...`.
    func facts(_ command: FactsCommand) async throws {
        let fleetInventory = try loadFleet(command.fleet.inventory)
        let inputs = await FleetGather.inputs(fleetInventory, options: gatherOptions(command.fleet, firewall: command.firewall))
        var failed = false
        var json: [JSONValue] = []
        var saved = 0
        for (cluster, result) in zip(fleetInventory.clusters, inputs) {
            switch result {
            case .failure(let error):
                failed = true
                Console.report(error.diagnostics.map { $0.scoped(to: cluster.name) })
            case .success(let input):
                Console.report(input.warnings.map { $0.scoped(to: cluster.name) })
                if let save = command.save {
                    do {
                        try FactsDirectory.save(input.facts, to: FleetInventory.factsDirectory(save, cluster: cluster.name))
                        saved += input.facts.hosts.count
                    } catch {
                        failed = true
                        Console.report(error.diagnostics.map { $0.scoped(to: cluster.name) })
                    }
                }
                for host in input.inventory.hosts(matching: command.fleet.limit) {
                    guard let facts = input.facts[host.name] else { continue }
                    switch command.format {
                    case .json:
                        guard case .object(let members) = FactsSummary.json(host, facts) else { continue }
                        json.append(.object([("cluster", .string(cluster.name))] + members))
                    default:
                        print("\(cluster.name)/" + FactsSummary.line(host, facts))
                    }
                }
            }
        }
        if command.format == .json { print(JSONValue.array(json).rendered(indent: 2)) }
        if let save = command.save, command.format != .json {
            print("saved facts of \(saved) host(s) in \(fleetInventory.clusters.count) cluster(s) to \(save)/<cluster>/<host>/")
        }
        if failed { throw ExitCodes.error }
    }
}
