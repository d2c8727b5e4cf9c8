import Foundation
import K3sMigrateCore

/// The lock on one host (`/var/lib/k3smigrate/lock`), so that two controllers never change the
/// same host at once. Created with noclobber (O_EXCL); kept alive by heartbeats; a lock whose last
/// heartbeat is older than `staleAfter` seconds, by the host's own clock, is replaced.
public struct HostLock: Sendable, Hashable {
    public static let defaultPath = "/var/lib/k3smigrate/lock"
    public static let defaultStaleAfter = 900

    public let host: String
    public let owner: LockOwner
    public let path: String
    /// What taking the lock broke, if anything: a stale lock replaced, or a live one removed by
    /// `force` (a warning with rule `stale-lock-replaced` or `lock-forced`).
    public let note: Diagnostic?

    /// Takes the lock or throws a `locked` diagnostic naming the holder. `force` (`--force-unlock`)
    /// takes it even from a live run, and says in `note` what that breaks.
    public static func acquire(on host: any RemoteHost, owner: LockOwner, staleAfter: Int = defaultStaleAfter,
                               force: Bool = false, path: String = defaultPath,
                               commandTimeout: Int = 30) async throws(DiagnosticsError) -> HostLock {
        guard RunID.isValid(owner.runID) else {
            throw DiagnosticsError([.error("run-id", host: host.name, "'\(owner.runID)' is not a run id")])
        }
        let run = RemoteRunner(host: host, path: path, timeout: commandTimeout)
        var lastReply: HostLockReply?
        for _ in 0..<3 {
            let reply = try await run(HostLockScript.acquire(path: path, owner: owner.json()), doing: "take the lock")
            if reply.has(HostLockScript.acquired) { return HostLock(host: host.name, owner: owner, path: path, note: nil) }
            guard reply.has(HostLockScript.held) else { throw run.failure("cannot take the lock", reply) }
            lastReply = reply
            // Released between our create and our look (or not creatable at all): try again.
            guard reply.lockExists else { continue }

            if force {
                let forced = try await run(HostLockScript.force(path: path, runID: owner.runID, owner: owner.json()), doing: "force the lock")
                guard forced.has(HostLockScript.forced) else { throw run.failure("cannot replace the lock", forced) }
                return HostLock(host: host.name, owner: owner, path: path, note: forcedNote(host.name, reply, path: path))
            }
            guard let age = reply.heartbeatAge, age > staleAfter else {
                throw DiagnosticsError([heldDiagnostic(host.name, reply, ours: owner, staleAfter: staleAfter, path: path)])
            }
            let takeover = HostLockScript.takeover(path: path, runID: owner.runID, expected: reply.content ?? "", owner: owner.json())
            let swapped = try await run(takeover, doing: "replace the stale lock")
            if swapped.has(HostLockScript.replaced) {
                return HostLock(host: host.name, owner: owner, path: path,
                                note: staleNote(host.name, reply, age: age, staleAfter: staleAfter, path: path))
            }
            if swapped.has(HostLockScript.busy) {
                throw DiagnosticsError([.error("locked", host: host.name, at: SourceLocation(file: path),
                                               "another k3smigrate is replacing the stale lock right now; retry, and if this persists "
                                               + "remove \(HostLockScript.breakPath(path)) or use --force-unlock")])
            }
            guard swapped.has(HostLockScript.changed) else { throw run.failure("cannot replace the stale lock", swapped) }
            // Changed under us (a heartbeat, a release, another controller): look again.
        }
        if let lastReply, !lastReply.lockExists { throw run.failure("cannot create the lock file", lastReply) }
        throw run.failure("cannot take the lock: it kept changing", lastReply)
    }

    /// Rewrites the heartbeat, if the lock still names this run; else throws `lock-lost` naming
    /// whoever holds it now.
    public func heartbeat(on host: any RemoteHost, at time: Date = Date(), commandTimeout: Int = 30) async throws(DiagnosticsError) {
        let run = RemoteRunner(host: host, path: path, timeout: commandTimeout)
        let reply = try await run(HostLockScript.heartbeat(path: path, runID: owner.runID, owner: owner.beating(at: time).json()),
                                  doing: "refresh the lock")
        guard !reply.has(HostLockScript.beat) else { return }
        if let now = reply.owner, now.runID == owner.runID { throw run.failure("cannot refresh the lock", reply) }
        throw DiagnosticsError([lostDiagnostic(reply, doing: "is no longer ours")])
    }

    /// Removes the lock if it still names this run. Returns false, leaving the file alone, when it
    /// does not (someone broke it or it is gone).
    @discardableResult
    public func release(on host: any RemoteHost, commandTimeout: Int = 30) async throws(DiagnosticsError) -> Bool {
        let run = RemoteRunner(host: host, path: path, timeout: commandTimeout)
        let reply = try await run(HostLockScript.release(path: path, runID: owner.runID), doing: "release the lock")
        if reply.has(HostLockScript.released) { return true }
        if let now = reply.owner, now.runID == owner.runID { throw run.failure("cannot remove the lock", reply) }
        return false
    }

    func lostDiagnostic(_ reply: HostLockReply, doing: String) -> Diagnostic {
        let now = reply.owner.map { "now held by \($0.holderDescription(now: Date()))" } ?? "the lock file is gone"
        return .error("lock-lost", host: host, at: SourceLocation(file: path),
                      "the lock of run \(owner.runID) \(doing) (\(now)); another run may be changing this host")
    }

    // MARK: messages

    private static func heldDiagnostic(_ host: String, _ reply: HostLockReply, ours: LockOwner, staleAfter: Int, path: String) -> Diagnostic {
        let beat = reply.heartbeatAge.map { "heartbeat \(LockTime.age($0)) ago" } ?? "heartbeat unknown"
        guard let holder = reply.owner else {
            return .error("locked", host: host, at: SourceLocation(file: path),
                          "locked, but the lock file cannot be read (\(beat), stale after \(staleAfter) s); "
                          + "wait, or use --force-unlock if no run is using this host")
        }
        let earlier = holder.runID == ours.runID ? " (an earlier attempt of this run)" : ""
        return .error("locked", host: host, at: SourceLocation(file: path),
                      "locked by \(holder.holderDescription(now: reply.hostDate))\(earlier) (\(beat), stale after \(staleAfter) s); "
                      + "wait, or use --force-unlock if that run is gone")
    }

    private static func staleNote(_ host: String, _ reply: HostLockReply, age: Int, staleAfter: Int, path: String) -> Diagnostic {
        let holder = reply.owner.map { "of \($0.holderDescription(now: reply.hostDate))" } ?? "(unreadable)"
        return .warning("stale-lock-replaced", host: host, at: SourceLocation(file: path),
                        "replaced a stale lock \(holder): last heartbeat \(LockTime.age(age)) ago, stale after \(staleAfter) s")
    }

    private static func forcedNote(_ host: String, _ reply: HostLockReply, path: String) -> Diagnostic {
        let beat = reply.heartbeatAge.map { ", heartbeat \(LockTime.age($0)) ago" } ?? ""
        guard let holder = reply.owner else {
            return .warning("lock-forced", host: host, at: SourceLocation(file: path),
                            "removed an unreadable lock (--force-unlock)\(beat); if a run still holds this host, "
                            + "it may still be changing it, and its rollback and resume will not see your changes")
        }
        return .warning("lock-forced", host: host, at: SourceLocation(file: path),
                        "removed the lock of \(holder.holderDescription(now: reply.hostDate))\(beat) (--force-unlock): "
                        + "the other run (\(holder.runID)) may still be changing this host; its rollback and resume will not see your changes")
    }
}

/// Runs lock scripts on one host and turns transport errors and odd answers into diagnostics.
private struct RemoteRunner {
    let host: any RemoteHost
    let path: String
    let timeout: Int

    func callAsFunction(_ command: ShellCommand, doing: String) async throws(DiagnosticsError) -> HostLockReply {
        do {
            return HostLockReply(try await host.run(command, timeoutSeconds: timeout))
        } catch {
            throw DiagnosticsError([.error("host-lock", host: host.name, at: SourceLocation(file: path), "cannot \(doing): \(error)")])
        }
    }

    func failure(_ message: String, _ reply: HostLockReply?) -> DiagnosticsError {
        let detail = reply?.stderr.split(separator: "\n").first.map { ": \($0)" } ?? ""
        return DiagnosticsError([.error("host-lock", host: host.name, at: SourceLocation(file: path), message + detail)])
    }
}
