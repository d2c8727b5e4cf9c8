import Foundation
import K3sMigrateCore

/// Locks on every host of a run, taken all or nothing.
public final class HostLockSet: Sendable {
    /// In the order of the hosts given to `acquire`.
    public let locks: [HostLock]
    private let hosts: [String: any RemoteHost]
    private let commandTimeout: Int
    /// Hosts asked at once, for heartbeats and the release too.
    private let maxConcurrent: Int

    private init(locks: [HostLock], hosts: [String: any RemoteHost], commandTimeout: Int, maxConcurrent: Int = 8) {
        self.locks = locks
        self.hosts = hosts
        self.commandTimeout = commandTimeout
        self.maxConcurrent = max(1, maxConcurrent)
    }

    /// What taking the locks broke (stale locks replaced, locks forced), one warning per host.
    public var notes: [Diagnostic] { locks.compactMap(\.note) }

    /// Takes the lock on every host, at most `maxConcurrent` at once. If any host refuses, the
    /// locks already taken are released and every refusal is thrown together.
    public static func acquire(on hosts: [any RemoteHost], owner: LockOwner, staleAfter: Int = HostLock.defaultStaleAfter,
                               force: Bool = false, path: String = HostLock.defaultPath, maxConcurrent: Int = 8,
                               commandTimeout: Int = 30) async throws(DiagnosticsError) -> HostLockSet {
        let results = await BoundedConcurrency.map(hosts, limit: maxConcurrent) { host -> Result<HostLock, DiagnosticsError> in
            do throws(DiagnosticsError) {
                return .success(try await HostLock.acquire(on: host, owner: owner, staleAfter: staleAfter, force: force,
                                                           path: path, commandTimeout: commandTimeout))
            } catch {
                return .failure(error)
            }
        }
        let byName = Dictionary(hosts.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var taken: [HostLock] = []
        var problems: [Diagnostic] = []
        for result in results {
            switch result {
            case .success(let lock): taken.append(lock)
            case .failure(let error): problems += error.diagnostics
            }
        }
        let set = HostLockSet(locks: taken, hosts: byName, commandTimeout: commandTimeout, maxConcurrent: maxConcurrent)
        guard problems.isEmpty else {
            problems += await set.release()
            throw DiagnosticsError(problems.sortedForReport())
        }
        return set
    }

    /// Refreshes every lock; returns a problem per host whose lock could not be refreshed
    /// (`lock-lost` when someone else holds it now).
    public func heartbeat(at time: Date = Date()) async -> [Diagnostic] {
        await eachLock { lock, host throws(DiagnosticsError) in
            try await lock.heartbeat(on: host, at: time, commandTimeout: self.commandTimeout)
            return nil
        }
    }

    /// Removes every lock that is still ours; a lock that is not is left alone and reported.
    public func release() async -> [Diagnostic] {
        await eachLock { lock, host throws(DiagnosticsError) in
            guard try await lock.release(on: host, commandTimeout: self.commandTimeout) else {
                return .warning("lock-lost", host: lock.host, at: SourceLocation(file: lock.path),
                                "the lock of run \(lock.owner.runID) was no longer ours at release; left it in place")
            }
            return nil
        }
    }

    /// Heartbeats the host locks (and the local lock, if given) every `interval` until stopped;
    /// problems go to `onProblem` (a run that lost a lock should stop).
    public func startHeartbeat(every interval: Duration, local: LocalClusterLock? = nil,
                               onProblem: @escaping @Sendable ([Diagnostic]) -> Void) -> LockHeartbeat {
        LockHeartbeat(every: interval) { [self] in
            var problems: [Diagnostic] = []
            if let local {
                do throws(DiagnosticsError) { try local.heartbeat() } catch { problems += error.diagnostics }
            }
            problems += await heartbeat()
            // A beat cut short by stop() is not a lost lock.
            if !problems.isEmpty, !Task.isCancelled { onProblem(problems) }
        }
    }

    private func eachLock(_ body: @escaping @Sendable (HostLock, any RemoteHost) async throws(DiagnosticsError) -> Diagnostic?) async -> [Diagnostic] {
        let found = await BoundedConcurrency.map(locks, limit: maxConcurrent) { lock -> [Diagnostic] in
            guard let host = self.hosts[lock.host] else {
                return [.error("host-lock", host: lock.host, "no connection to this host to reach its lock")]
            }
            do throws(DiagnosticsError) {
                return try await body(lock, host).map { [$0] } ?? []
            } catch {
                return error.diagnostics
            }
        }
        return found.flatMap { $0 }
    }
}
