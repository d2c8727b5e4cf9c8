/// [removed-flag] A flag K3s no longer knows (no-flannel, no-deploy, cluster-secret: removed in
/// v1.26; multi-cluster-cidr in v1.29): on the command line, or in an agent's config, K3s stops
/// on it; a server's config file skips it with a warning. A flag a patch release made inert
/// (multi-cluster-cidr from v1.26.13, v1.27.10, v1.28.6) is a warning: accepted, it does nothing.
struct RemovedFlagRule: FleetRule {
    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        fleet.nodes.flatMap { node -> [Diagnostic] in
            guard let version = node.facts.k3sVersion else { return [] }
            return node.settings.occurrences.compactMap { occurrence in
                if let since = K3sFlagCatalog.inert(occurrence.key, on: version) {
                    return .warning("removed-flag", host: node.name, at: occurrence.location,
                                    "\(occurrence.key) does nothing from v\(since.major).\(since.minor).\(since.patch) and this node runs \(version): K3s accepts it and logs that the feature is non-functional")
                }
                guard let removed = K3sFlagCatalog.removedIn[occurrence.key], version >= removed else { return nil }
                let fromFile = occurrence.origin == .configFile || occurrence.origin == .dropIn
                let fatal = node.role == .agent || !fromFile
                return Diagnostic(fatal ? .error : .warning, rule: "removed-flag", host: node.name, location: occurrence.location,
                                  "\(occurrence.key) was removed in v\(removed.major).\(removed.minor) and this node runs \(version): "
                                    + (fatal ? "K3s will not start" : "K3s ignores it"))
            }
        }
    }
}
