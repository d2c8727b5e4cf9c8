import K3sMigrateCore

/// A plan cut into the phases a reviewer thinks in: preflight, server edits, each server's
/// restart, each agent batch. Barriers (`@...` steps) end a phase; the steps between
/// `@servers-configured` and `@servers-healthy` split into one phase per restarted server.
/// Pictures rank by these phases.
public struct PlanPhase: Sendable, Hashable {
    public var name: String
    /// Indexes into `plan.steps`; index + 1 is the step number the text plan shows.
    public var steps: [Int]
}

public enum PlanPhases {
    public static func of(_ plan: Plan) -> [PlanPhase] {
        var phases: [PlanPhase] = []
        var current: [Int] = []
        func close(_ name: String) {
            if !current.isEmpty { phases.append(PlanPhase(name: name, steps: current)) }
            current = []
        }
        for (index, step) in plan.steps.enumerated() {
            if step.kind == .barrier {
                if step.id == "@servers-healthy" {
                    phases += serverRestarts(current.map { ($0, plan.steps[$0]) })
                    current = []
                    // The barrier closes the last server's phase.
                    if phases.isEmpty { phases.append(PlanPhase(name: "servers healthy", steps: [])) }
                    phases[phases.count - 1].steps.append(index)
                    continue
                }
                current.append(index)
                close(name(ofBarrier: step.id))
            } else {
                current.append(index)
            }
        }
        close(phases.isEmpty ? "steps" : "last steps")
        return phases
    }

    /// `@preflight` -> preflight, `@servers-configured` -> server edits, `@agents-batch-2` -> agent batch 2.
    static func name(ofBarrier id: String) -> String {
        switch id {
        case "@preflight": return "preflight"
        case "@servers-configured": return "server edits"
        default:
            let bare = String(id.drop { $0 == "@" })
            if bare.hasPrefix("agents-batch-") { return "agent batch " + bare.dropFirst("agents-batch-".count) }
            return bare.replacingOccurrences(of: "-", with: " ")
        }
    }

    /// One phase per server, in restart order: its restart, health gate and anything else on it.
    static func serverRestarts(_ steps: [(Int, Step)]) -> [PlanPhase] {
        var order: [String] = []
        var byHost: [String: [Int]] = [:]
        for (index, step) in steps {
            let host = step.host ?? "-"
            if byHost[host] == nil { order.append(host) }
            byHost[host, default: []].append(index)
        }
        return order.map { PlanPhase(name: "restart \($0)", steps: byHost[$0] ?? []) }
    }
}
