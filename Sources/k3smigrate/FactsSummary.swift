import K3sMigrateCore
import K3sMigrateRun

/// One line (or JSON object) per host for `k3smigrate facts`.
enum FactsSummary {
    static func line(_ host: Host, _ facts: HostFacts) -> String {
        let settings = NodeSettings(facts: facts, role: host.role)
        let backend = settings.effective("flannel-backend").map { "\($0.value ?? "?") (\($0.location))" } ?? "default"
        let modules = facts.kernelModules.map { $0.contains("wireguard") ? "yes" : "no" } ?? "unknown"
        return "\(host.name) \(host.role.rawValue) \(facts.k3sVersion?.description ?? "version unknown") "
            + "files=\(facts.files.count) flannel-backend=\(backend) wireguard-module=\(modules)"
    }

    static func json(_ host: Host, _ facts: HostFacts) -> JSONValue {
        let settings = NodeSettings(facts: facts, role: host.role)
        return .object([
            ("host", .string(host.name)),
            ("role", .string(host.role.rawValue)),
            ("version", facts.k3sVersion.map { .string($0.description) } ?? .null),
            ("files", .array(facts.files.keys.sorted().map(JSONValue.string))),
            ("kernelModules", facts.kernelModules.map { .array($0.sorted().map(JSONValue.string)) } ?? .null),
            ("interfaces", facts.interfaces.map { .array($0.map(JSONValue.string)) } ?? .null),
            ("settings", .object(settings.keys.compactMap { key in
                guard let value = settings.effective(key), !K3sFlagCatalog.isSecret(key) else { return nil }
                return (key, .object([("values", .array(value.values.map(JSONValue.string))), ("from", .string(value.location.description))]))
            })),
        ])
    }
}
