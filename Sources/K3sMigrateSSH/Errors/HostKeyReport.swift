import K3sMigrateCore
/// What a host offered and what known_hosts says, for host key refusals.
public struct HostKeyReport: Sendable, Hashable {
    /// The name looked up in known_hosts: `host` or `[host]:port`.
    public var knownHostsName: String
    public var knownHostsPath: String
    public var offeredKeyType: String
    public var offeredFingerprint: String
    /// The line that would record the offered key.
    public var lineToAdd: String
    /// Keys known_hosts holds for the host: `type fingerprint (file:line)`.
    public var expected: [String]

    public init(knownHostsName: String, knownHostsPath: String, offeredKeyType: String,
                offeredFingerprint: String, lineToAdd: String, expected: [String]) {
        self.knownHostsName = knownHostsName
        self.knownHostsPath = knownHostsPath
        self.offeredKeyType = offeredKeyType
        self.offeredFingerprint = offeredFingerprint
        self.lineToAdd = lineToAdd
        self.expected = expected
    }

    var removeHint: String {
        "ssh-keygen -R \(ShellCommand.quote(knownHostsName)) -f \(ShellCommand.quote(knownHostsPath))"
    }
}
