/// Warnings for plans that leave part of the cluster behind (`--limit`).
enum LimitWarnings {
    static func check(inventory: Inventory, targets: [Host], analyses: [HostAnalysis]) -> [Diagnostic] {
        guard analyses.contains(where: \.changesServerSettings) else { return [] }
        let targeted = Set(targets.map(\.name))
        let left = inventory.agents.filter { !targeted.contains($0.name) }.map(\.name)
        guard !left.isEmpty else { return [] }
        return [.warning("agents-not-targeted", at: SourceLocation(file: inventory.file),
                         "server settings change but agents outside --limit keep the old ones until they restart: \(left.joined(separator: ", "))")]
    }
}
