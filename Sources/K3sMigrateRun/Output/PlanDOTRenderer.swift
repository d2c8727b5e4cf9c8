import Foundation
import K3sMigrateCore

/// The step graph for Graphviz (`dot -Tsvg`): one box per step, grouped by host, edges for
/// "must run after".
public enum PlanDOTRenderer {
    public static func render(_ plan: Plan) -> String {
        var lines = ["digraph \"\(escape(plan.playbook))\" {", "  rankdir=TB;", "  node [shape=box, fontname=\"monospace\", fontsize=10];"]
        for (index, group) in plan.stepsByHost.enumerated() {
            lines.append("  subgraph cluster_\(index) {")
            lines.append("    label=\"\(escape(group.host))\";")
            for step in group.steps { lines.append("    " + node(step)) }
            lines.append("  }")
        }
        for step in plan.steps where step.host == nil { lines.append("  " + node(step)) }
        for step in plan.steps {
            for dependency in step.dependsOn { lines.append("  \"\(escape(dependency))\" -> \"\(escape(step.id))\";") }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func node(_ step: Step) -> String {
        var attributes = ["label=\"\(escape(step.kind.rawValue))\\n\(escape(step.title))\""]
        if step.kind == .barrier { attributes.append("shape=diamond") }
        if step.changes { attributes.append("style=bold") }
        if !step.undo.isPossible { attributes.append("color=red") }
        return "\"\(escape(step.id))\" [\(attributes.joined(separator: ", "))];"
    }

    private static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
