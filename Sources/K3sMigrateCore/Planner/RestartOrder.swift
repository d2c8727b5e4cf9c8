/// The order in which nodes restart.
enum RestartOrder {
    /// The server others join first (no `server:` URL, or `cluster-init: true`), then the rest
    /// in inventory order.
    static func servers(_ servers: [HostAnalysis]) -> [HostAnalysis] {
        let initial = servers.filter(\.isInitServer)
        let joining = servers.filter { !$0.isInitServer }
        return initial + joining
    }

    /// Agents in inventory order, cut into batches of `size`.
    static func batches(_ agents: [HostAnalysis], size: Int) -> [[HostAnalysis]] {
        stride(from: 0, to: agents.count, by: max(1, size)).map { start in
            Array(agents[start..<min(start + max(1, size), agents.count)])
        }
    }
}
