/// [unknown-key] A key that is not a K3s flag. A server logs and skips it in a config file; an
/// agent (which does not filter its config) and any command line stop on it.
struct UnknownKeyRule: FleetRule {
    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        fleet.nodes.flatMap { node in
            node.settings.occurrences.filter { !K3sFlagCatalog.isKnown($0.key) }.map { occurrence in
                let fromFile = occurrence.origin == .configFile || occurrence.origin == .dropIn
                let fatal = node.role == .agent || !fromFile
                let hint = KeySuggestion.closest(to: occurrence.key, among: K3sFlagCatalog.knownKeys).map { " (did you mean \($0)?)" } ?? ""
                let effect = fatal ? "k3s \(node.role.rawValue) stops with \"flag provided but not defined\"" : "K3s ignores it"
                return Diagnostic(fatal ? .error : .warning, rule: "unknown-key", host: node.name, location: occurrence.location,
                                  "\(occurrence.key) is not a K3s \(node.role.rawValue) flag\(hint): \(effect)")
            }
        }
    }
}
