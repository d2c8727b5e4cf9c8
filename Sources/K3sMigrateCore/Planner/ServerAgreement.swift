/// Critical settings must be identical on every server after the plan, or joining servers fail
/// with "critical configuration value mismatch". Checks the post-plan values of every server,
/// targeted or not.
enum ServerAgreement {
    static func check(inventory: Inventory, facts: FleetFacts, analyses: [HostAnalysis], playbook: Playbook) -> [Diagnostic] {
        let changedKeys = Set(analyses.flatMap { $0.changedKeys.map(\.key) }.filter(CriticalSettings.isCritical))
        guard !changedKeys.isEmpty else { return [] }
        let byName = Dictionary(analyses.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var problems: [Diagnostic] = []
        for key in changedKeys.sorted() {
            var values: [(server: String, value: String, why: String)] = []
            for server in inventory.servers {
                if let analysis = byName[server.name] {
                    let changed = analysis.changedKeys
                    let why = changed.contains { $0.key == key } ? "after this plan"
                        : analysis.skipReason.map { "skipped: \($0)" } ?? "unchanged"
                    let value = CriticalSettings.comparable(key) { other in
                        if analysis.skipReason == nil, let change = changed.first(where: { $0.key == other }) {
                            return change.values.isEmpty ? nil : change.values
                        }
                        return analysis.settings.effective(other)?.values
                    }
                    values.append((server.name, value, why))
                } else if let serverFacts = facts[server.name] {
                    let settings = NodeSettings(facts: serverFacts, role: .server)
                    values.append((server.name, CriticalSettings.comparable(key) { settings.effective($0)?.values }, "not targeted"))
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
