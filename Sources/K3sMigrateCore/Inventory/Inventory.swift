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

    /// Hosts matched by `--limit`: comma-separated host names, `servers`, `agents`, or `label=value`.
    public func hosts(matching limit: String?) -> [Host] {
        guard let limit, !limit.isEmpty else { return hosts }
        let terms = limit.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return hosts.filter { host in
            terms.contains { term in
                if term == host.name || term == "all" { return true }
                if term == "servers" || term == "server" { return host.role == .server }
                if term == "agents" || term == "agent" { return host.role == .agent }
                if let eq = term.firstIndex(of: "=") {
                    return host.labels[String(term[..<eq])] == String(term[term.index(after: eq)...])
                }
                return false
            }
        }
    }
}
