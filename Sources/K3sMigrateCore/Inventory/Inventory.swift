import Foundation

/// The fleet: servers and agents with how to reach them.
public struct Inventory: Sendable, Hashable, Codable {
    public var cluster: String
    public var ssh: SSHOptions
    public var servers: [Host]
    public var agents: [Host]
    /// Cluster-wide facts the operator states, e.g. `cni_ipam: own` (the CNI brings its own IPAM).
    public var vars: [String: String]
    public var file: String

    public init(cluster: String, ssh: SSHOptions = SSHOptions(), servers: [Host], agents: [Host],
                vars: [String: String] = [:], file: String) {
        self.cluster = cluster
        self.ssh = ssh
        self.servers = servers
        self.agents = agents
        self.vars = vars
        self.file = file
    }

    /// Servers first, then agents, each in inventory order.
    public var hosts: [Host] { servers + agents }

    public func host(named name: String) -> Host? { hosts.first { $0.name == name } }

    /// Hosts matched by `--limit` (see HostLimit: names, globs, `servers`, `agents`, `label=value`,
    /// `!` to exclude, `&` to intersect).
    public func hosts(matching limit: String?) -> [Host] {
        guard let limit, !limit.isEmpty else { return hosts }
        return HostLimit(limit).select(hosts)
    }
}
