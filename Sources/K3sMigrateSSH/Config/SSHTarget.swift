import K3sMigrateCore

/// Everything needed to open one SSH session, fully resolved (no optional settings left).
public struct SSHTarget: Sendable, Hashable {
    /// Inventory name, used in every message about this host.
    public var name: String
    public var address: String
    public var port: Int
    public var user: String
    /// Private key files tried after the agent, in order (`~` already expanded).
    public var identityFiles: [String]
    public var knownHostsPath: String
    public var hostKeyPolicy: SSHOptions.HostKeyPolicy
    /// Run commands and file operations as root through `sudo -n`.
    public var become: SSHOptions.Become?
    /// Seconds for TCP connect, handshake and authentication together.
    public var connectTimeout: Double
    /// Environment variable holding the passphrase of encrypted key files.
    public var passphraseEnvironmentVariable: String
    /// Try ssh-agent identities before key files.
    public var useAgent: Bool
    /// Agent socket; nil means `SSH_AUTH_SOCK`.
    public var agentSocket: String?
    /// Seconds between SSH keepalives on an idle or waiting session. Keep it well below
    /// `silenceTimeout`: the keepalive is what makes a dead link show up as unacknowledged data.
    public var keepaliveInterval: Int
    /// Seconds without any answer from the host (what was sent stays unacknowledged) after which
    /// the session is declared lost: "no answer from HOST for N s: network or host down".
    public var silenceTimeout: Double
    /// Remote time limit for `readFile` / `writeFile`.
    public var fileOperationTimeout: Int
    /// Where the host is declared, for messages.
    public var location: SourceLocation?

    /// Stored in an array because a struct can't hold an optional of its own type directly.
    private var jumpStorage: [SSHTarget]

    /// The host to tunnel through (`ProxyJump`); it may have a jump of its own.
    public var jump: SSHTarget? {
        get { jumpStorage.first }
        set { jumpStorage = newValue.map { [$0] } ?? [] }
    }

    public static let defaultPassphraseVariable = "K3SMIGRATE_KEY_PASSPHRASE"

    public init(name: String, address: String, port: Int = 22, user: String, identityFiles: [String] = [],
                knownHostsPath: String, hostKeyPolicy: SSHOptions.HostKeyPolicy = .strict, jump: SSHTarget? = nil,
                become: SSHOptions.Become? = nil, connectTimeout: Double = 10,
                passphraseEnvironmentVariable: String = SSHTarget.defaultPassphraseVariable,
                useAgent: Bool = true, agentSocket: String? = nil, keepaliveInterval: Int = 3,
                silenceTimeout: Double = 15,
                fileOperationTimeout: Int = 120, location: SourceLocation? = nil) {
        self.name = name
        self.address = address
        self.port = port
        self.user = user
        self.identityFiles = identityFiles
        self.knownHostsPath = knownHostsPath
        self.hostKeyPolicy = hostKeyPolicy
        self.jumpStorage = jump.map { [$0] } ?? []
        self.become = become
        self.connectTimeout = connectTimeout
        self.passphraseEnvironmentVariable = passphraseEnvironmentVariable
        self.useAgent = useAgent
        self.agentSocket = agentSocket
        self.keepaliveInterval = keepaliveInterval
        self.silenceTimeout = silenceTimeout
        self.fileOperationTimeout = fileOperationTimeout
        self.location = location
    }

    /// TCP_USER_TIMEOUT for the session's socket: unacknowledged data older than this ends the
    /// connection. A keepalive goes out at most `keepaliveInterval` after the link died, so the
    /// loss shows within about `silenceTimeout`.
    var userTimeoutMilliseconds: UInt32 {
        UInt32(max(1, silenceTimeout - Double(max(1, keepaliveInterval))) * 1000)
    }

    public var endpoint: SSHEndpoint { SSHEndpoint(host: name, address: address, port: port) }

    /// The name known_hosts uses for this endpoint.
    public var knownHostsName: String { HostPattern.knownHostsName(address: address, port: port) }

    /// `user@address:port` plus the jump chain; two targets with the same key can share a session.
    public var connectionKey: String {
        let own = "\(user)@\(address):\(port)"
        return jump.map { "\($0.connectionKey)>\(own)" } ?? own
    }

    /// What makes two sessions to one machine interchangeable: the machine (`connectionKey`)
    /// plus how its host key is checked (known_hosts file, policy) and who logs in (key files,
    /// agent, passphrase source), along the whole chain. A jump session is shared only by targets
    /// with the same key, so a host whose jump entry names a stricter or different known_hosts,
    /// or another identity, never rides a session verified or authenticated for someone else.
    public var sessionKey: SessionKey {
        SessionKey(user: user, address: address, port: port, identityFiles: identityFiles,
                   knownHostsPath: knownHostsPath, hostKeyPolicy: hostKeyPolicy, useAgent: useAgent,
                   agentSocket: agentSocket, passphraseVariable: passphraseEnvironmentVariable,
                   jump: jump.map { [$0.sessionKey] } ?? [])
    }

    public struct SessionKey: Sendable, Hashable {
        var user: String
        var address: String
        var port: Int
        var identityFiles: [String]
        var knownHostsPath: String
        var hostKeyPolicy: SSHOptions.HostKeyPolicy
        var useAgent: Bool
        var agentSocket: String?
        var passphraseVariable: String
        var jump: [SessionKey]
    }
}
