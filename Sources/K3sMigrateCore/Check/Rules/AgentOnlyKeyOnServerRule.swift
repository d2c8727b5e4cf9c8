/// [agent-only-key-on-server] `k3s server` does not define agent-only flags
/// (disable-apiserver-lb): as a unit flag the server stops, in a config file it is skipped.
struct AgentOnlyKeyOnServerRule: FleetRule {
    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        fleet.servers.flatMap { server in
            server.settings.occurrences.filter { K3sFlagCatalog.agentOnlyKeys.contains($0.key) }.map { occurrence in
                let fromFile = occurrence.origin == .configFile || occurrence.origin == .dropIn
                return Diagnostic(fromFile ? .warning : .error, rule: "agent-only-key-on-server", host: server.name, location: occurrence.location,
                                  "\(occurrence.key) exists only on k3s agent: " + (fromFile ? "the server skips it" : "k3s server stops with \"flag provided but not defined\""))
            }
        }
    }
}
