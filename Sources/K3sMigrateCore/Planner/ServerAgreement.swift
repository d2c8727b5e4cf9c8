/// Critical settings must be identical on every server after the plan, or joining servers fail
/// with "critical configuration value mismatch". Checks the post-plan values of every server,
/// targeted or not.
enum ServerAgreement {
    static func check(inventory: Inventory, facts: FleetFacts, analyses: [HostAnalysis], playbook: Playbook) -> [Diagnostic] {
        let changedKeys = Set(analyses.flatMap { $0.changedKeys.map(\.key) }.filter(K3sFlagCatalog.isCritical))
        guard !changedKeys.isEmpty else { return [] }
        let byName = Dictionary(analyses.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var problems: [Diagnostic] = []
        for key in changedKeys.sorted() {
            var values: [(server: String, value: String, why: String)] = []
            for server in inventory.servers {
                if let analysis = byName[server.name] {
                    if let change = analysis.changedKeys.first(where: { $0.key == key }) {
                        values.append((server.name, change.values.joined(separator: ","), "after this plan"))
                    } else {
                        let why = analysis.skipReason.map { "skipped: \($0)" } ?? "unchanged"
                        values.append((server.name, analysis.current(key) ?? "unset", why))
                    }
                } else if let serverFacts = facts[server.name] {
                    let settings = NodeSettings(facts: serverFacts, role: .server)
                    let value = settings.effective(key)?.values.joined(separator: ",") ?? K3sFlagCatalog.defaultValues(key)?.last ?? "unset"
                    values.append((server.name, value, "not targeted"))
                }
            }
            guard Set(values.map(\.value)).count > 1 else { continue }
            let listing = values.map { "\($0.server)=\($0.value) (\($0.why))" }.joined(separator: ", ")
            problems.append(.error("server-settings-differ", at: SourceLocation(file: playbook.file),
                                   "servers would disagree on \(key), which must be identical on every server: \(listing)"))
        }
        return problems
    }
}
