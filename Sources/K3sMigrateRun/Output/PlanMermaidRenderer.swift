import Foundation
import K3sMigrateCore

/// The step graph as a Mermaid flowchart, which GitHub renders in a pull request (```mermaid):
/// one subgraph per phase, steps numbered as in the text plan, changing steps filled, steps that
/// cannot be undone red.
public enum PlanMermaidRenderer {
    public static func render(_ plan: Plan) -> String {
        var lines = ["flowchart TB"]
        var nodeID: [String: String] = [:]
        for (index, step) in plan.steps.enumerated() { nodeID[step.id] = "n\(index + 1)" }
        for (rank, phase) in PlanPhases.of(plan).enumerated() {
            lines.append("  subgraph phase\(rank + 1) [\"phase \(rank + 1): \(label(phase.name))\"]")
            lines.append("    direction TB")
            for index in phase.steps {
                let step = plan.steps[index]
                let text = "\(index + 1). \(label(step.kind.rawValue))<br/>\(step.host.map { label($0) + ": " } ?? "")\(label(step.title))"
                let shape = step.kind == .barrier ? "{\"\(text)\"}" : "[\"\(text)\"]"
                lines.append("    n\(index + 1)\(shape)")
            }
            lines.append("  end")
        }
        for (index, step) in plan.steps.enumerated() {
            for dependency in step.dependsOn {
                guard let from = nodeID[dependency] else { continue }
                lines.append("  \(from) --> n\(index + 1)")
            }
        }
        lines.append("  classDef change fill:#fde68a,stroke:#92400e")
        lines.append("  classDef irreversible stroke:#dc2626,stroke-width:3px,color:#dc2626")
        let changing = plan.steps.indices.filter { plan.steps[$0].changes }.map { "n\($0 + 1)" }
        let irreversible = plan.steps.indices.filter { !plan.steps[$0].undo.isPossible }.map { "n\($0 + 1)" }
        if !changing.isEmpty { lines.append("  class \(changing.joined(separator: ",")) change") }
        if !irreversible.isEmpty { lines.append("  class \(irreversible.joined(separator: ",")) irreversible") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Text inside a quoted Mermaid label: quotes and markup characters as entities, control
    /// characters dropped.
    static func label(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "#quot;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "#": out += "#35;"
            default:
                if scalar.value >= 0x20 && scalar.value != 0x7F { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
