import Foundation
import K3sMigrateCore

/// One k3smigrate run per cluster on this machine: `<stateDir>/locks/<cluster>.lock`, held with
/// `flock` for the life of the lock (the kernel drops it when the process dies, so a local lock is
/// never stale) and holding the owner as JSON so that a second run can name the first.
///
/// The file is never deleted: deleting a flock'ed file lets a waiter lock the unlinked inode
/// while a newcomer locks a fresh file. Release empties it instead.
///
/// `@unchecked Sendable`: the only mutable state, `descriptor` and `owner`, is read and written
/// under `lock`.
public final class LocalClusterLock: @unchecked Sendable {
    public let path: String
    private let lock = NSLock()
    private var descriptor: Int32
    private var currentOwner: LockOwner

    private init(path: String, descriptor: Int32, owner: LockOwner) {
        self.path = path
        self.descriptor = descriptor
        self.currentOwner = owner
    }

    deinit { release() }

    /// `<stateDir>/locks/<cluster>.lock`; characters other than letters, digits, `.`, `_`, `-`
    /// become `_` (two clusters sharing a lock only makes them wait for each other).
    public static func path(cluster: String, stateDir: String) -> String {
        var name = String(cluster.unicodeScalars.map { c -> Character in
            switch c {
            case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-": return Character(c)
            default: return "_"
            }
        })
        if name.isEmpty || name.hasPrefix(".") { name = "_" + name }
        return directory(stateDir) + "/" + name + ".lock"
    }

    /// Takes the lock of `owner.cluster` or throws a `locked` diagnostic naming who holds it.
    public static func acquire(owner: LockOwner, stateDir: String, now: Date = Date()) throws(DiagnosticsError) -> LocalClusterLock {
        let path = path(cluster: owner.cluster, stateDir: stateDir)
        try createDirectory(directory(stateDir))
        let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure(path, "cannot open the lock file: \(errnoText())") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            let holder = readOwner(fd)
            close(fd)
            guard code == EWOULDBLOCK else { throw failure(path, "cannot lock: \(String(cString: strerror(code)))") }
            throw DiagnosticsError([.error("locked", heldMessage(cluster: owner.cluster, holder: holder, now: now))])
        }
        let taken = LocalClusterLock(path: path, descriptor: fd, owner: owner)
        try taken.write(owner)
        return taken
    }

    /// Who holds the cluster's lock right now; nil when nobody does.
    public static func holder(cluster: String, stateDir: String) -> LockOwner? {
        let fd = open(path(cluster: cluster, stateDir: stateDir), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return nil
        }
        return readOwner(fd)
    }

    public var owner: LockOwner { lock.withLock { currentOwner } }

    /// Records that the run is alive (shown as "heartbeat N s ago" to whoever finds the lock).
    public func heartbeat(at time: Date = Date()) throws(DiagnosticsError) {
        let beating = lock.withLock { currentOwner.beating(at: time) }
        try write(beating)
    }

    /// Empties the file and drops the lock; safe to call more than once.
    public func release() {
        lock.withLock {
            guard descriptor >= 0 else { return }
            _ = ftruncate(descriptor, 0)
            close(descriptor)
            descriptor = -1
        }
    }

    // MARK: file

    private func write(_ owner: LockOwner) throws(DiagnosticsError) {
        let bytes = Array(owner.json().utf8)
        let ok = lock.withLock { () -> Bool in
            guard descriptor >= 0 else { return false }
            currentOwner = owner
            guard ftruncate(descriptor, 0) == 0 else { return false }
            return bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) } == bytes.count
        }
        guard ok else { throw LocalClusterLock.failure(path, "cannot write the lock owner: \(LocalClusterLock.errnoText())") }
    }

    private static func readOwner(_ fd: Int32) -> LockOwner? {
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return LockOwner(json: String(decoding: bytes.prefix(count), as: UTF8.self))
    }

    private static func heldMessage(cluster: String, holder: LockOwner?, now: Date) -> String {
        guard let holder else {
            return "cluster \(cluster) is locked by another k3smigrate process on this machine (its owner is not written yet); wait and retry"
        }
        let age = Int(now.timeIntervalSince(holder.heartbeatAt).rounded())
        return "cluster \(cluster) is locked by \(holder.holderDescription(now: now)) (heartbeat \(LockTime.age(age)) ago); "
            + "wait, or see `k3smigrate runs show \(holder.runID)`"
    }

    private static func directory(_ stateDir: String) -> String {
        var dir = stateDir
        while dir.count > 1, dir.hasSuffix("/") { dir.removeLast() }
        return dir + "/locks"
    }

    private static func createDirectory(_ path: String) throws(DiagnosticsError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw failure(path, "cannot create the lock directory: \(error.localizedDescription)")
        }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }

    private static func failure(_ path: String, _ message: String) -> DiagnosticsError {
        DiagnosticsError([.error("lock", at: SourceLocation(file: path), message)])
    }
}
