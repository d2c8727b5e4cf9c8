/// What an OpenSSH client config file says about one host (first value wins, like ssh).
public struct SSHConfigOptions: Sendable, Hashable {
    public var hostName: String?
    public var user: String?
    public var port: Int?
    /// Every `IdentityFile` that applies, in order (they accumulate, unlike other keywords).
    public var identityFiles: [String]
    /// `ProxyJump` as written (`none` means no jump host).
    public var proxyJump: String?
    /// The first file of `UserKnownHostsFile`.
    public var userKnownHostsFile: String?
    /// `StrictHostKeyChecking` as written (`yes`, `accept-new`, ...).
    public var strictHostKeyChecking: String?
    public var connectTimeout: Double?

    public init(hostName: String? = nil, user: String? = nil, port: Int? = nil, identityFiles: [String] = [],
                proxyJump: String? = nil, userKnownHostsFile: String? = nil,
                strictHostKeyChecking: String? = nil, connectTimeout: Double? = nil) {
        self.hostName = hostName
        self.user = user
        self.port = port
        self.identityFiles = identityFiles
        self.proxyJump = proxyJump
        self.userKnownHostsFile = userKnownHostsFile
        self.strictHostKeyChecking = strictHostKeyChecking
        self.connectTimeout = connectTimeout
    }
}
