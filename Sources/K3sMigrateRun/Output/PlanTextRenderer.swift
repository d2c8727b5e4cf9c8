import Foundation
import K3sMigrateCore

/// The plan for people: per host, its steps (numbered in execution order) with diffs; then the
/// restart order, what is skipped and why, and warnings.
public enum PlanTextRenderer {
    public static func render(_ plan: Plan, palette: Palette) -> String {
        var out: [String] = []
        out.append(palette.bold("Plan: \(plan.playbook) on cluster \(plan.cluster)"))
        guard plan.hasChanges else {
            out.append("Nothing to do: every targeted host is already as the playbook wants it.")
            out += skippedAndWarnings(plan, palette: palette)
            return out.joined(separator: "\n") + "\n"
        }
        let order = Dictionary(uniqueKeysWithValues: plan.steps.enumerated().map { ($1.id, $0 + 1) })
        for (host, steps) in plan.stepsByHost {
            let role = steps.first?.role?.rawValue ?? ""
            out.append("")
            out.append(palette.bold("\(host) (\(role))"))
            for step in steps {
                let marker = step.changes ? palette.yellow("~") : " "
                var line = "  \(marker) \(String(format: "%3d", order[step.id] ?? 0)). \(step.kind.rawValue): \(step.title)"
                if !step.undo.isPossible { line += palette.red("  [cannot be undone]") }
                out.append(line)
                if case .edit = step.action, let diff = step.diffText {
                    out += palette.diff(diff).split(separator: "\n", omittingEmptySubsequences: false)
                        .dropLast(diff.hasSuffix("\n") ? 1 : 0).map { "        " + $0 }
                } else if case .write = step.action, let diff = step.diffText {
                    out += diff.split(separator: "\n").map { "        " + $0 }
                } else if case .run(let command) = step.action {
                    out.append(palette.dim("        $ " + command.script))
                } else if case .removeCiliumRules = step.action, let lines = step.diffText {
                    out += lines.split(separator: "\n").map { "        " + palette.red(String($0)) }
                }
            }
        }
        out.append("")
        out.append(palette.bold("Order"))
        out += orderLines(plan)
        out += skippedAndWarnings(plan, palette: palette)
        let changing = plan.steps.filter(\.changes).count
        out.append("")
        out.append(palette.bold("\(changing) changing step(s) on \(plan.changedHosts.count) host(s); \(plan.skipped.count) host(s) skipped."))
        if !plan.irreversibleSteps.isEmpty {
            out.append(palette.red("\(plan.irreversibleSteps.count) step(s) cannot be undone; apply asks for confirmation (--yes when unattended)."))
        }
        return out.joined(separator: "\n") + "\n"
    }

    private static func orderLines(_ plan: Plan) -> [String] {
        var lines: [String] = []
        let restarts = plan.steps.filter { $0.kind == .restart }
        let servers = restarts.filter { $0.role == .server }.compactMap(\.host)
        if !servers.isEmpty { lines.append("  servers, one at a time, each gated on health: " + servers.joined(separator: " -> ")) }
        var batch: [String] = []
        var batches: [[String]] = []
        var currentBarrier: [String]?
        for step in restarts where step.role == .agent {
            let barrier = step.dependsOn.filter { $0.hasPrefix("@") }
            if barrier != currentBarrier, !batch.isEmpty { batches.append(batch); batch = [] }
            currentBarrier = barrier
            if let host = step.host { batch.append(host) }
        }
        if !batch.isEmpty { batches.append(batch) }
        if !batches.isEmpty {
            lines.append("  then agents in batches: " + batches.map { "[" + $0.joined(separator: " ") + "]" }.joined(separator: " -> "))
        }
        if lines.isEmpty { lines.append("  no restarts") }
        return lines
    }

    private static func skippedAndWarnings(_ plan: Plan, palette: Palette) -> [String] {
        var lines: [String] = []
        if !plan.skipped.isEmpty {
            lines.append("")
            lines.append(palette.bold("Skipped"))
            lines += plan.skipped.map { "  \($0.host): \($0.reason)" }
        }
        if !plan.warnings.isEmpty {
            lines.append("")
            lines.append(palette.bold("Warnings"))
            lines += plan.warnings.map { "  " + palette.yellow($0.description) }
        }
        return lines
    }
}
