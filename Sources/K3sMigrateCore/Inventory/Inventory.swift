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

    /// `--limit`'s problems: an empty limit (or an empty term, `a,,b`) selects nothing and is an
    /// error, not "everything"; a term that is no host name, role or `label=value` is named, with
    /// the closest host name when one is near.
    /// `names: false` checks only for empty terms (one cluster of a fleet may lack a name another has).
    public func limitProblems(_ limit: String?, names checkNames: Bool = true) -> [Diagnostic] {
        guard let limit else { return [] }
        let terms = limit.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        if terms.contains(where: \.isEmpty) {
            return [.error("limit", "--limit '\(limit)' has an empty name: give host names, servers, agents or label=value, comma-separated")]
        }
        guard checkNames else { return [] }
        let names = hosts.map(\.name)
        let roles: Set<String> = ["all", "servers", "server", "agents", "agent"]
        // Only plain names are checked: globs, `!` and `&` terms (HostLimit) may match nothing on purpose.
        let plain = terms.filter { term in !term.contains { "*?[]!&=".contains($0) } }
        return plain.filter { !roles.contains($0) && !names.contains($0) }.map { term in
            let suggestion = KeySuggestion.closest(to: term, among: names).map { " (did you mean \($0)?)" } ?? ""
            return .error("limit", at: SourceLocation(file: file), "--limit names '\(term)', which is not a host of the inventory\(suggestion)")
        }
    }

    /// Hosts matched by `--limit` (see HostLimit: names, globs, `servers`, `agents`, `label=value`,
    /// `!` to exclude, `&` to intersect). An empty --limit selects nothing (`limitProblems`
    /// reports it), never the whole fleet.
    public func hosts(matching limit: String?) -> [Host] {
        guard let limit else { return hosts }
        guard !limit.trimmingCharacters(in: .whitespaces).isEmpty else { return [] }
        return HostLimit(limit).select(hosts)
    }
}
