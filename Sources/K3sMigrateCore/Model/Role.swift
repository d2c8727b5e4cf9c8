/// Whether a node runs `k3s server` or `k3s agent`.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    case server
    case agent

    /// The systemd unit / OpenRC service name install.sh gives this role.
    public var serviceName: String { self == .server ? "k3s" : "k3s-agent" }
}
