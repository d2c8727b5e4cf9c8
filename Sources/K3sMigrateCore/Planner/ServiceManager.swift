/// How K3s is started on a host: the init system that runs its service.
public enum ServiceManager: String, Sendable, Hashable, Codable {
    case systemd
    case openrc

    /// `systemctl restart NAME` or `rc-service NAME restart`.
    public func restart(_ service: String) -> ShellCommand {
        switch self {
        case .systemd: return ShellCommand("systemctl", "restart", service)
        case .openrc: return ShellCommand("rc-service", service, "restart")
        }
    }

    public func isActive(_ service: String) -> ShellCommand {
        switch self {
        case .systemd: return ShellCommand("systemctl", "is-active", service)
        case .openrc: return ShellCommand("rc-service", service, "status")
        }
    }

    /// Whether editing this file needs `systemctl daemon-reload` before a restart.
    public func needsReload(after path: String) -> Bool {
        self == .systemd && path.hasPrefix(K3sPaths.systemdDir + "/")
    }
}
