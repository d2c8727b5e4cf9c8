import K3sMigrateCore

/// Gathers facts from live hosts, read-only, with one remote command per host.
public struct FactsGatherer {
    public static let defaultTimeoutSeconds = 120
    /// A host's whole reply (files, dumps, probes) may not exceed this: beyond it the host's
    /// facts are refused, whatever the node sends. The limit holds while the reply streams in:
    /// reading stops and the channel is closed as soon as it is passed.
    public static let maxReplyBytes = 16 << 20

    /// One host's facts. `firewall` adds iptables-save/ip6tables-save dumps (needed by cleanup
    /// playbooks only: they can be large).
    public static func gather(host: K3sMigrateCore.Host, on remote: some RemoteHost, firewall: Bool = false,
                              timeoutSeconds: Int = defaultTimeoutSeconds) async throws -> HostFacts {
        let command = FactsScript.command(externalIP: host.externalIP, firewall: firewall)
        let result = try await remote.run(command, timeoutSeconds: timeoutSeconds, maxOutputBytes: maxReplyBytes)
        guard !result.outputLimitExceeded, result.stdout.count + result.stderr.count <= maxReplyBytes else {
            throw FactsGatherError.replyTooLarge(bytes: result.stdout.count + result.stderr.count, limit: maxReplyBytes)
        }
        guard result.succeeded else {
            let detail = result.stderrText.split(whereSeparator: \.isNewline).first.map { String($0.prefix(200)) } ?? ""
            throw FactsGatherError.scriptFailed(exitStatus: result.exitStatus, signal: result.exitSignal, detail: detail)
        }
        var facts = try FactsScriptOutput.parse(result.stdout).hostFacts(for: host)
        // K3S_CONFIG_FILE or --config points elsewhere: read that file and its drop-ins too.
        let configPaths = FactPaths.configPaths(for: facts)
        if !configPaths.isEmpty {
            let first = result.stdout.count + result.stderr.count
            let more = try await remote.run(FactsScript.command(paths: configPaths), timeoutSeconds: timeoutSeconds,
                                            maxOutputBytes: maxReplyBytes - first)
            let total = first + more.stdout.count + more.stderr.count
            guard !more.outputLimitExceeded, total <= maxReplyBytes else { throw FactsGatherError.replyTooLarge(bytes: total, limit: maxReplyBytes) }
            if more.succeeded {
                let extra = try FactsScriptOutput.parse(more.stdout).hostFacts(for: host, allowing: configPaths)
                facts.files.merge(extra.files) { current, _ in current }
            }
        }
        return facts
    }

    /// Facts of every inventory host, at most `maxParallel` at once. A host that can't be reached
    /// or read yields an error diagnostic naming it; the others go on.
    public static func gatherAll(inventory: Inventory, connect: @escaping @Sendable (K3sMigrateCore.Host) async throws -> any RemoteHost,
                                 maxParallel: Int, firewall: Bool = false,
                                 closeWhenDone: Bool = true) async -> (FleetFacts, [Diagnostic]) {
        await gatherAll(hosts: inventory.hosts, connect: connect, maxParallel: maxParallel, firewall: firewall,
                        closeWhenDone: closeWhenDone)
    }

    /// Facts of `hosts` (e.g. those `--limit` selects). `closeWhenDone: false` leaves sessions open
    /// for a caller whose `connect` hands out sessions it keeps for the whole run.
    public static func gatherAll(hosts: [K3sMigrateCore.Host], connect: @escaping @Sendable (K3sMigrateCore.Host) async throws -> any RemoteHost,
                                 maxParallel: Int, firewall: Bool = false,
                                 closeWhenDone: Bool = true) async -> (FleetFacts, [Diagnostic]) {
        var fleet = FleetFacts()
        var diagnostics: [Diagnostic] = []
        await withTaskGroup(of: (String, Result<HostFacts, any Error>).self) { group in
            var pending = hosts.makeIterator()
            func start(_ host: K3sMigrateCore.Host) {
                group.addTask {
                    (host.name, await gatherOne(host, connect: connect, firewall: firewall, closeWhenDone: closeWhenDone))
                }
            }
            for _ in 0..<max(1, maxParallel) {
                guard let host = pending.next() else { break }
                start(host)
            }
            while let (name, result) = await group.next() {
                switch result {
                case .success(let facts): fleet.hosts[name] = facts
                case .failure(let error):
                    diagnostics.append(.error("facts-gather", host: name, "cannot gather facts: \(error)"))
                }
                if let host = pending.next() { start(host) }
            }
        }
        return (fleet, diagnostics.sortedForReport())
    }

    private static func gatherOne(_ host: K3sMigrateCore.Host, connect: @Sendable (K3sMigrateCore.Host) async throws -> any RemoteHost,
                                  firewall: Bool, closeWhenDone: Bool) async -> Result<HostFacts, any Error> {
        let remote: any RemoteHost
        do {
            remote = try await connect(host)
        } catch {
            return .failure(error)
        }
        let result: Result<HostFacts, any Error>
        do {
            result = .success(try await gather(host: host, on: remote, firewall: firewall))
        } catch {
            result = .failure(error)
        }
        if closeWhenDone { await remote.close() }
        return result
    }
}
