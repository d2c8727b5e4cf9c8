import K3sMigrateCore

/// `plan` over a fleet: every cluster planned on its own (its own ordering rules), in cluster
/// order. A cluster whose facts or plan are refused is kept with every problem; the others are
/// still planned.
public struct FleetPlan: Sendable {
    public enum Entry: Sendable {
        case planned(cluster: FleetInventory.Cluster, plan: Plan, warnings: [Diagnostic])
        case refused(cluster: FleetInventory.Cluster, problems: [Diagnostic])

        public var cluster: FleetInventory.Cluster {
            switch self {
            case .planned(let cluster, _, _), .refused(let cluster, _): return cluster
            }
        }

        public var plan: Plan? { if case .planned(_, let plan, _) = self { return plan } else { return nil } }
    }

    public var playbook: String
    public var shard: ClusterShard?
    public var entries: [Entry]

    public var plans: [Plan] { entries.compactMap(\.plan) }
    public var refused: [(cluster: FleetInventory.Cluster, problems: [Diagnostic])] {
        entries.compactMap { if case .refused(let c, let p) = $0 { return (c, p) } else { return nil } }
    }
    public var hasRefusals: Bool { !refused.isEmpty }
    public var hasChanges: Bool { plans.contains(where: \.hasChanges) }

    /// Plans every cluster of `fleet` with `playbook`.
    public static func make(_ fleet: FleetInventory, playbook: Playbook, options: PlanOptions,
                            gather: FleetGather.Options, shard: ClusterShard?) async -> FleetPlan {
        let inputs = await FleetGather.inputs(fleet, options: gather)
        let pairs = Array(zip(fleet.clusters, inputs))
        let entries = ParallelMap.map(pairs) { cluster, input -> Entry in
            switch input {
            case .failure(let error):
                return .refused(cluster: cluster, problems: error.diagnostics)
            case .success(let input):
                do throws(DiagnosticsError) {
                    let plan = try Planner.plan(inventory: input.inventory, playbook: playbook, facts: input.facts, options: options)
                    return .planned(cluster: cluster, plan: plan, warnings: input.warnings)
                } catch {
                    return .refused(cluster: cluster, problems: error.diagnostics)
                }
            }
        }
        return FleetPlan(playbook: playbook.name, shard: shard, entries: entries)
    }
}
