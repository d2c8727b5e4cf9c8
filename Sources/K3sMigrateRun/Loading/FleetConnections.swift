import K3sMigrateCore
import K3sMigrateSSH

/// One SSH session per host for the whole run: facts, preflight, apply and rollback share it.
public actor FleetConnections {
    private let inventory: Inventory
    private let pool: SSHPool
    private var sessions: [String: Task<any RemoteHost, any Error>] = [:]
    /// A command to carry along with the first command on each host's session (`RidingHost`).
    private let rider: @Sendable (K3sMigrateCore.Host) -> ShellCommand?

    public init(inventory: Inventory, maxParallel: Int,
                rider: @escaping @Sendable (K3sMigrateCore.Host) -> ShellCommand? = { _ in nil }) {
        self.inventory = inventory
        self.pool = SSHPool(maxParallel: maxParallel)
        self.rider = rider
    }

    /// The host's session, connecting on first use (with the pool's retries and jump hosts).
    public func session(for host: K3sMigrateCore.Host) async throws -> any RemoteHost {
        if let existing = sessions[host.name] { return try await existing.value }
        let defaults = inventory.ssh
        let pool = self.pool
        let rider = self.rider(host)
        let task = Task { () throws -> any RemoteHost in
            let target = try SSHTarget.resolve(host: host, defaults: defaults)
            let session = try await pool.connect(target)
            return rider.map { RidingHost(base: session, rider: $0) } ?? session
        }
        sessions[host.name] = task
        do {
            return try await task.value
        } catch {
            sessions[host.name] = nil
            throw error
        }
    }

    /// Sessions for `hosts`, connecting in parallel (the pool bounds it); a host that can't be
    /// reached yields an `unreachable` error naming it.
    public func sessions(for hosts: [K3sMigrateCore.Host]) async -> ([String: any RemoteHost], [Diagnostic]) {
        var result: [String: any RemoteHost] = [:]
        var problems: [Diagnostic] = []
        await withTaskGroup(of: (String, Result<any RemoteHost, any Error>).self) { group in
            for host in hosts {
                group.addTask {
                    do { return (host.name, .success(try await self.session(for: host))) } catch { return (host.name, .failure(error)) }
                }
            }
            for await (name, outcome) in group {
                switch outcome {
                case .success(let session): result[name] = session
                case .failure(let error): problems.append(.error("unreachable", host: name, "cannot connect: \(error)"))
                }
            }
        }
        return (result, problems.sortedForReport())
    }

    /// Sessions of every named host that is connected.
    public func connected() async -> [String: any RemoteHost] {
        var result: [String: any RemoteHost] = [:]
        for (name, task) in sessions {
            if let host = try? await task.value { result[name] = host }
        }
        return result
    }

    public func closeAll() async {
        await pool.close()
        sessions = [:]
    }
}

/// Facts gathered live over SSH.
enum LiveFacts {
    static func gather(hosts: [K3sMigrateCore.Host], connections: FleetConnections, maxParallel: Int, firewall: Bool) async -> (FleetFacts, [Diagnostic]) {
        await FactsGatherer.gatherAll(hosts: hosts, connect: { host in try await connections.session(for: host) },
                                      maxParallel: maxParallel, firewall: firewall, closeWhenDone: false)
    }
}
