import K3sMigrateCore

/// The fleet plan document: `{"summary": {...}, "clusters": [<plan --format json of each
/// cluster, unchanged>]}` and its text form (each cluster's plan, then the fleet summary).
/// Byte for byte the same for the same inputs.
public enum FleetPlanRenderer {
    public static func json(_ fleet: FleetPlan) -> String {
        JSONValue.object([
            ("summary", summary(fleet)),
            ("clusters", .array(fleet.plans.map { PlanJSONRenderer.document($0) })),
        ]).rendered(indent: 2) + "\n"
    }

    static func summary(_ fleet: FleetPlan) -> JSONValue {
        let plans = fleet.plans
        let changed = plans.filter(\.hasChanges)
        return .object([
            ("playbook", .string(fleet.playbook)),
            ("shard", fleet.shard.map { .string($0.description) } ?? .null),
            ("clusters", .int(fleet.entries.count)),
            ("changes", .bool(!changed.isEmpty)),
            ("clustersWithChanges", .int(changed.count)),
            ("clustersWithoutChanges", .int(plans.count - changed.count)),
            ("clustersRefused", .int(fleet.refused.count)),
            ("hosts", .int(fleet.entries.reduce(0) { $0 + $1.cluster.inventory.hosts.count })),
            ("changedHosts", .int(plans.reduce(0) { $0 + $1.changedHosts.count })),
            ("steps", .int(plans.reduce(0) { $0 + $1.steps.count })),
            ("changingSteps", .int(plans.reduce(0) { $0 + $1.steps.filter(\.changes).count })),
            ("withChanges", .array(changed.map { .string($0.cluster) })),
            ("refused", .array(fleet.refused.map { cluster, problems in
                .object([
                    ("cluster", .string(cluster.name)),
                    ("file", .string(cluster.file)),
                    ("problems", .array(problems.filter { $0.severity == .error }.map(PlanJSONRenderer.diagnostic))),
                ])
            })),
        ])
    }

    public static func text(_ fleet: FleetPlan, palette: Palette) -> String {
        var out = ""
        for entry in fleet.entries {
            guard case .planned(let cluster, let plan, _) = entry else { continue }
            out += palette.bold("=== cluster \(cluster.name) (\(cluster.file))") + "\n"
            out += PlanTextRenderer.render(plan, palette: palette)
            out += "\n"
        }
        out += summaryText(fleet, palette: palette)
        return out
    }

    static func summaryText(_ fleet: FleetPlan, palette: Palette) -> String {
        let plans = fleet.plans
        let changed = plans.filter(\.hasChanges)
        let shard = fleet.shard.map { " (shard \($0))" } ?? ""
        var out = palette.bold("fleet\(shard): \(fleet.entries.count) cluster\(fleet.entries.count == 1 ? "" : "s"), playbook \(fleet.playbook)") + "\n"
        out += "  with changes:    \(changed.count)\(names(changed.map(\.cluster)))\n"
        out += "  without changes: \(plans.count - changed.count)\n"
        out += "  refused:         \(fleet.refused.count)\n"
        for (cluster, problems) in fleet.refused {
            for problem in problems where problem.severity == .error {
                out += palette.red("    \(cluster.name) (\(cluster.file)): \(Redactor.redact(problem.description))") + "\n"
            }
        }
        return out
    }

    /// Up to 20 names after a count, so a 1,000-cluster summary stays readable.
    private static func names(_ names: [String]) -> String {
        guard !names.isEmpty else { return "" }
        let shown = names.prefix(20).joined(separator: ", ")
        return " (" + shown + (names.count > 20 ? ", ... \(names.count - 20) more" : "") + ")"
    }
}
