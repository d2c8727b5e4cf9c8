/// A staged rollout (`apply --limit servers`, then the agents): the agents' plan changes no file
/// (agents take the backend from their servers), yet each agent still runs the backend it started
/// with until it restarts. The servers' node list (ClusterNodes, from a server's facts) says which
/// backend every node runs; an agent whose backend-type is not the one the playbook's health check
/// expects restarts, like it would in the servers' run. Only when this plan changes no server
/// setting (then every agent restarts anyway) and the playbook names its backend (`health.backend`).
enum StaleAgents {
    struct Finding {
        var agents: Set<String> = []
        var warnings: [Diagnostic] = []
    }

    static func find(inventory: Inventory, facts: FleetFacts, analyses: [HostAnalysis], playbook: Playbook) -> Finding {
        guard playbook.restart == .auto, let expected = playbook.health.backend,
              !analyses.contains(where: \.changesServerSettings),
              let (server, running) = ClusterNodes.running(inventory: inventory, facts: facts) else { return Finding() }
        var finding = Finding()
        var seen: [String: [String]] = [:]
        for analysis in analyses where analysis.role == .agent && !analysis.isSkipped && !analysis.changesFiles {
            guard let type = running[analysis.nodeName], !FlannelBackendAnnotation.matches(expected: expected, seen: type) else { continue }
            finding.agents.insert(analysis.name)
            seen[type.isEmpty ? "(none)" : type, default: []].append(analysis.name)
        }
        for (type, agents) in seen.sorted(by: { $0.key < $1.key }) {
            finding.warnings.append(.warning("agent-backend-stale", at: SourceLocation(file: inventory.file),
                                             "\(agents.count) agent\(agents.count == 1 ? "" : "s") still run\(agents.count == 1 ? "s" : "") flannel backend-type \(type), not \(expected) "
                                               + "(the \(FlannelBackendAnnotation.key) annotation in \(server)'s node list): restarting \(agents.joined(separator: ", "))"))
        }
        return finding
    }
}
