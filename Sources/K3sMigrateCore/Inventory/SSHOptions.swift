/// How the controller reaches a host. Every field is optional so that per-host values overlay the
/// inventory's defaults; `resolved(over:)` merges them.
public struct SSHOptions: Sendable, Hashable, Codable {
    public enum HostKeyPolicy: String, Sendable, Hashable, Codable, CaseIterable {
        /// Unknown or changed host key: refuse.
        case strict
        /// Unknown key: record it in known_hosts; changed key: refuse.
        case acceptNew = "accept-new"
    }

    public enum Become: String, Sendable, Hashable, Codable {
        case sudo
    }

    public var user: String?
    public var port: Int?
    public var identityFile: String?
    public var knownHosts: String?
    public var hostKeyPolicy: HostKeyPolicy?
    /// `[user@]host[:port]` of a jump host (ProxyJump).
    public var jump: String?
    public var become: Become?
    /// Path of an OpenSSH client config file whose `Host` blocks fill what the inventory leaves out.
    public var sshConfig: String?
    /// Seconds allowed for TCP connect + handshake + auth.
    public var connectTimeout: Double?

    public init(user: String? = nil, port: Int? = nil, identityFile: String? = nil, knownHosts: String? = nil,
                hostKeyPolicy: HostKeyPolicy? = nil, jump: String? = nil, become: Become? = nil,
                sshConfig: String? = nil, connectTimeout: Double? = nil) {
        self.user = user
        self.port = port
        self.identityFile = identityFile
        self.knownHosts = knownHosts
        self.hostKeyPolicy = hostKeyPolicy
        self.jump = jump
        self.become = become
        self.sshConfig = sshConfig
        self.connectTimeout = connectTimeout
    }

    /// Self's values where set, otherwise `defaults`'.
    public func resolved(over defaults: SSHOptions) -> SSHOptions {
        SSHOptions(
            user: user ?? defaults.user,
            port: port ?? defaults.port,
            identityFile: identityFile ?? defaults.identityFile,
            knownHosts: knownHosts ?? defaults.knownHosts,
            hostKeyPolicy: hostKeyPolicy ?? defaults.hostKeyPolicy,
            jump: jump ?? defaults.jump,
            become: become ?? defaults.become,
            sshConfig: sshConfig ?? defaults.sshConfig,
            connectTimeout: connectTimeout ?? defaults.connectTimeout
        )
    }
}
