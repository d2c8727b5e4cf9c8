/// [server-settings-differ] A critical setting differs between servers: a server that joins
/// another fails with `critical configuration value mismatch`.
struct ServerSettingsDifferRule: FleetRule {
    func check(_ fleet: CheckedFleet) -> [Diagnostic] {
        let servers = fleet.servers
        guard servers.count > 1 else { return [] }
        var diagnostics: [Diagnostic] = []
        for key in K3sFlagCatalog.criticalKeys.sorted() {
            let values = servers.map { Self.comparable(key, $0.values(key)) }
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

    /// Values as K3s compares them: comma lists split, booleans normalised, `disable` as a set.
    static func comparable(_ key: String, _ values: [String]) -> String {
        if K3sFlagCatalog.isBoolean(key) {
            return (values.last.flatMap(K3sFlagCatalog.boolean) ?? false) ? "true" : "false"
        }
        var items = values.flatMap { $0.split(separator: ",") }.map { TextBuffer.trimmed(String($0)) }.filter { !$0.isEmpty }
        if key == "disable" { items = Set(items).sorted() }
        return items.joined(separator: ",")
    }

    static func shown(_ value: String) -> String { value.isEmpty ? "(none)" : value }
}
