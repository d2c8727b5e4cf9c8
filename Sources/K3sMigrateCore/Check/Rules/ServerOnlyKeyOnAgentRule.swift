/// [server-only-key-on-agent] `k3s agent` does not know server flags: written in its config,
/// drop-ins or unit they stop the agent with `flag provided but not defined`.
struct ServerOnlyKeyOnAgentRule: FleetRule {
    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        fleet.agents.flatMap { agent in
            agent.settings.occurrences.filter { K3sFlagCatalog.isServerOnly($0.key) }.map { occurrence in
                .error("server-only-key-on-agent", host: agent.name, at: occurrence.location,
                       "\(occurrence.key) is a server-only setting: k3s agent stops with \"flag provided but not defined\"; remove it from this agent")
            }
        }
    }
}
