/// [server-settings-differ] A critical setting differs between servers: a server that joins
/// another fails with `critical configuration value mismatch`.
struct ServerSettingsDifferRule: FleetRule {
    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        let servers = fleet.servers
        guard servers.count > 1 else { return [] }
        var diagnostics: [Diagnostic] = []
        for key in CriticalSettings.keys {
            let values = servers.map { server in CriticalSettings.comparable(key) { server.settings.effective($0)?.values } }
            guard Set(values).count > 1 else { continue }
            for (index, server) in servers.enumerated() {
                let others = Dictionary(grouping: servers.indices.filter { $0 != index && values[$0] != values[index] }) { values[$0] }
                let summary = others.keys.sorted().map { value in
                    let names = others[value]!.map { "\(servers[$0].name) (\(servers[$0].whereSet(key)))" }
                    return "\(Self.shown(value)) on \(names.joined(separator: ", "))"
                }
                guard !summary.isEmpty else { continue }
                diagnostics.append(.error("server-settings-differ", host: server.name, at: server.location(key),
                                          "\(key) must be the same on every server: here \(Self.shown(values[index])) (\(server.whereSet(key))), but \(summary.joined(separator: "; "))"))
            }
        }
        return diagnostics
    }

    static func shown(_ value: String) -> String { value.isEmpty ? "(none)" : value }
}
