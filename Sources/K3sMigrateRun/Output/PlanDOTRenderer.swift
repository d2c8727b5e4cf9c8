import Foundation
import K3sMigrateCore

/// The step graph for Graphviz (`dot -Tpng`): one cluster per phase (preflight, server edits,
/// each server restart, each agent batch) ranked top to bottom, steps numbered as in the text
/// plan, changing steps filled, steps that cannot be undone red, edges for "must run after", and
/// a legend.
public enum PlanDOTRenderer {
    public static func render(_ plan: Plan) -> String {
        var lines = ["digraph \"\(escape(plan.playbook))\" {", "  rankdir=TB;", "  newrank=true;",
                     "  label=\"\(escape(plan.playbook)) on \(escape(plan.cluster))\"; labelloc=t; fontname=\"sans-serif\";",
                     "  node [shape=box, fontname=\"monospace\", fontsize=10];"]
        for (rank, phase) in PlanPhases.of(plan).enumerated() {
            lines.append("  subgraph cluster_phase_\(rank + 1) {")
            lines.append("    label=\"phase \(rank + 1): \(escape(phase.name))\"; style=rounded; color=gray50; fontname=\"sans-serif\";")
            for index in phase.steps { lines.append("    " + node(plan.steps[index], number: index + 1)) }
            lines.append("  }")
        }
        for step in plan.steps {
            for dependency in step.dependsOn { lines.append("  \"\(escape(dependency))\" -> \"\(escape(step.id))\";") }
        }
        lines += legend
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    static let changeFill = "#fde68a"

    static let legend = [
        "  subgraph cluster_legend {",
        "    label=\"legend\"; style=dashed; color=gray60; fontname=\"sans-serif\";",
        "    \"legend/change\" [label=\"changes the host\", style=filled, fillcolor=\"\(changeFill)\"];",
        "    \"legend/read\" [label=\"reads or checks only\"];",
        "    \"legend/irreversible\" [label=\"cannot be undone\", color=red, fontcolor=red, penwidth=2];",
        "    \"legend/barrier\" [label=\"barrier: all before it done\", shape=diamond];",
        "    \"legend/change\" -> \"legend/read\" -> \"legend/irreversible\" -> \"legend/barrier\" [style=invis];",
        "  }",
    ]

    private static func node(_ step: Step, number: Int) -> String {
        let host = step.host.map { "\(escape($0)): " } ?? ""
        var attributes = ["label=\"\(number). \(escape(step.kind.rawValue))\\n\(host)\(escape(step.title))\""]
        if step.kind == .barrier { attributes.append("shape=diamond") }
        if step.changes { attributes += ["style=filled", "fillcolor=\"\(changeFill)\""] }
        if !step.undo.isPossible { attributes += ["color=red", "fontcolor=red", "penwidth=2"] }
        return "\"\(escape(step.id))\" [\(attributes.joined(separator: ", "))];"
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { out += String(format: "\\\\x%02x", scalar.value) }
                else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
