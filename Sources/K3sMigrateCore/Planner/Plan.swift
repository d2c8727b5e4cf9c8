/// The planner's result: an ordered step graph plus what was left out and why.
public struct Plan: Sendable, Hashable, Codable {
    public var cluster: String
    public var playbook: String
    /// Steps in a valid execution order (every step after all it depends on).
    public var steps: [Step]
    public var skipped: [SkippedHost]
    /// Things a reviewer should know that do not stop the plan.
    public var warnings: [Diagnostic]

    public init(cluster: String, playbook: String, steps: [Step], skipped: [SkippedHost], warnings: [Diagnostic]) {
        self.cluster = cluster
        self.playbook = playbook
        self.steps = steps
        self.skipped = skipped
        self.warnings = warnings
    }

    /// True when at least one step changes a host.
    public var hasChanges: Bool { steps.contains { $0.changes } }

    /// Steps that can't be undone and so need confirmation.
    public var irreversibleSteps: [Step] { steps.filter { !$0.undo.isPossible } }

    /// Hosts with at least one changing step, in plan order.
    public var changedHosts: [String] {
        stepsByHost.filter { $0.steps.contains(where: \.changes) }.map(\.host)
    }

    /// Each host's steps, hosts in the order of their first step (barriers, with no host, left out).
    public var stepsByHost: [(host: String, steps: [Step])] {
        var order: [String] = []
        var grouped: [String: [Step]] = [:]
        for step in steps {
            guard let host = step.host else { continue }
            if grouped[host] == nil { order.append(host) }
            grouped[host, default: []].append(step)
        }
        return order.map { ($0, grouped[$0]!) }
    }

    public func step(_ id: String) -> Step? { steps.first { $0.id == id } }
}

/// A targeted host the plan leaves alone, and why.
public struct SkippedHost: Sendable, Hashable, Codable {
    public var host: String
    public var reason: String
    public init(host: String, reason: String) {
        self.host = host
        self.reason = reason
    }
}

/// Knobs that shape the plan (they change the ordering, so they belong to the plan, not to apply).
public struct PlanOptions: Sendable, Hashable, Codable {
    /// Agents restarted together (`--parallel`).
    public var agentBatchSize: Int
    /// `--limit`: host names, `servers`, `agents` or `label=value`, comma-separated.
    public var limit: String?

    public init(agentBatchSize: Int = 5, limit: String? = nil) {
        self.agentBatchSize = max(1, agentBatchSize)
        self.limit = limit
    }
}
