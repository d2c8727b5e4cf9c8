/// How K3s is started on a host, decided from which files exist.
public enum ServiceManager: String, Sendable, Hashable, Codable {
    case systemd
    case openrc

    /// systemd when the install.sh unit exists, OpenRC when only its init script does.
    public static func detect(facts: HostFacts, role: Role) -> ServiceManager {
        if facts.file(K3sPaths.systemdUnit(role)) == nil, facts.file(K3sPaths.openrcScript(role)) != nil {
            return .openrc
        }
        return .systemd
    }

    public func restart(_ role: Role) -> ShellCommand {
        switch self {
        case .systemd: return ShellCommand("systemctl", "restart", role.serviceName)
        case .openrc: return ShellCommand("rc-service", role.serviceName, "restart")
        }
    }

    public func isActive(_ role: Role) -> ShellCommand {
        switch self {
        case .systemd: return ShellCommand("systemctl", "is-active", role.serviceName)
        case .openrc: return ShellCommand("rc-service", role.serviceName, "status")
        }
    }

    /// Whether editing this file needs `systemctl daemon-reload` before a restart.
    public func needsReload(after path: String) -> Bool {
        self == .systemd && path.hasPrefix(K3sPaths.systemdDir + "/")
    }
}
