/// `vpn-auth`/`vpn-auth-file` force a node's flannel backend to tailscale. A playbook that sets
/// them is refused where that changes a backend unexpectedly: on a custom-CNI cluster (backend
/// `none`: Tailscale would bring flannel back), and when nodes outside the run would stay on
/// another backend (nodes on different backends can't reach each other's pods).
enum TailscaleGuard {
    static let keys: Set<String> = ["vpn-auth", "vpn-auth-file"]

    static func check(inventory: Inventory, facts: FleetFacts, targets: [Host], analyses: [HostAnalysis], playbook: Playbook) -> [Diagnostic] {
        guard playbook.settings.contains(where: { keys.contains($0.key) }) else { return [] }
        var problems: [Diagnostic] = []
        let servers = inventory.servers.compactMap { server in facts[server.name].map { (server, NodeSettings(facts: $0, role: .server)) } }
        let customCNI = servers.filter { $0.1.effective("flannel-backend")?.value == "none" }.map(\.0.name)
        if !customCNI.isEmpty {
            for analysis in analyses where !analysis.isSkipped {
                problems.append(.error("tailscale-backend-change", host: analysis.name,
                                       "servers \(customCNI.joined(separator: ", ")) run flannel-backend none (a custom CNI): vpn-auth would switch this node to flannel's tailscale backend"))
            }
        }
        let targeted = Set(targets.map(\.name))
        for host in inventory.hosts where !targeted.contains(host.name) {
            guard let hostFacts = facts[host.name] else {
                problems.append(.warning("tailscale-partial", host: host.name,
                                         "not in this run: unless it already uses vpn-auth, its pods can't reach the tailscale nodes' pods"))
                continue
            }
            let settings = NodeSettings(facts: hostFacts, role: host.role)
            if !keys.contains(where: { settings.effective($0) != nil }) {
                problems.append(.error("tailscale-partial", host: host.name,
                                       "not in this run and not on tailscale: it would stay on its flannel backend while the others move to tailscale; include it (or drop --limit)"))
            }
        }
        return problems
    }
}
