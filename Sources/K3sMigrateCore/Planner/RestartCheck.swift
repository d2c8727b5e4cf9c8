/// `plan` runs the `check` rules on every host it would restart, on the settings as they will be
/// after the plan's edits: a restart K3s would refuse (invalid egress-selector-mode, a server-only
/// key on an agent, a CIDR kube-apiserver rejects, ...) refuses the plan like invalid YAML does.
enum RestartCheck {
    static func problems(inventory: Inventory, facts: FleetFacts, analyses: [HostAnalysis], steps: [Step]) -> [Diagnostic] {
        let restarted = Set(steps.filter { $0.kind == .restart }.compactMap(\.host))
        guard !restarted.isEmpty else { return [] }
        var after = facts
        for analysis in analyses where !analysis.isSkipped {
            for change in analysis.fileChanges {
                if after.hosts[analysis.name]?.files[change.path] == nil {
                    after.hosts[analysis.name]?.files[change.path] = FileFact(path: change.path, text: change.after, mode: 0o600)
                } else {
                    after.hosts[analysis.name]?.files[change.path]?.content = change.afterBytes
                }
            }
        }
        return FleetCheck.run(inventory: inventory, facts: after).compactMap { diagnostic in
            guard diagnostic.severity == .error, let host = diagnostic.host, restarted.contains(host) else { return nil }
            var refused = diagnostic
            refused.message = "this plan restarts \(host), which K3s would refuse to start: " + diagnostic.message
            return refused
        }
    }
}
