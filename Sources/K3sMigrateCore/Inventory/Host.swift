/// One node of the fleet as the inventory describes it.
public struct Host: Sendable, Hashable, Codable {
    /// Unique name; also the directory name under `--from-dir` and `facts --save`.
    public var name: String
    /// Address or DNS name the controller connects to.
    public var address: String
    public var role: Role
    /// Per-host SSH settings, already merged over the inventory's `ssh:` defaults.
    public var ssh: SSHOptions
    public var labels: [String: String]
    /// Where the external address comes from, for playbooks that set node-external-ip.
    public var externalIP: ExternalIPSource?
    /// The `external_ip:` line, for messages about the external address.
    public var externalIPLocation: SourceLocation?
    /// Free-form per-host variables (`vars:` in the inventory) that playbooks may read.
    public var vars: [String: String]
    /// Where this host is declared, for error messages.
    public var location: SourceLocation

    public init(name: String, address: String, role: Role, ssh: SSHOptions = SSHOptions(),
                labels: [String: String] = [:], externalIP: ExternalIPSource? = nil,
                vars: [String: String] = [:], location: SourceLocation, externalIPLocation: SourceLocation? = nil) {
        self.name = name
        self.address = address
        self.role = role
        self.ssh = ssh
        self.labels = labels
        self.externalIP = externalIP
        self.vars = vars
        self.location = location
        self.externalIPLocation = externalIPLocation
    }
}

/// How to learn a node's current external address.
public enum ExternalIPSource: Sendable, Hashable, Codable {
    /// A fixed address written in the inventory.
    case address(String)
    /// The first global address of this interface on the node.
    case interface(String)
    /// A command run on the node whose first line of output is the address (run via `sh -c`).
    case command(String)
}
