import Foundation

/// A dedicated pthread that owns one libssh2 session and runs jobs on it one at a time.
///
/// Why `@unchecked Sendable` is safe: the only state shared across threads is `jobs` and
/// `stopping`, and both are read and written only while holding `lock`. The session itself
/// (`SessionContext`) is created, used and freed on the owned thread alone; jobs receive it as a
/// parameter and capture only Sendable values (continuations, value-type requests).
final class SessionThread: @unchecked Sendable {
    typealias Job = @Sendable (SessionContext) -> Void

    private let lock = NSLock()
    private var jobs: [Job] = []
    private var stopping = false
    private var finished = false
    /// Set once the session is shut down and freed; `stopAndWait` callers wait for it.
    private var shutDown = false
    private var shutdownWaiters: [CheckedContinuation<Void, Never>] = []
    /// Written by `submit` so that a thread waiting in `poll()` wakes up.
    private let wakeRead: Int32
    private let wakeWrite: Int32

    init(name: String) {
        var fds: [Int32] = [0, 0]
        // A socketpair rather than pipe(): it takes CLOEXEC and NONBLOCK atomically.
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        precondition(socketpair(AF_UNIX, type, 0, &fds) == 0, "cannot create a wake-up channel: \(String(cString: strerror(errno)))")
        wakeRead = fds[0]
        wakeWrite = fds[1]
        let thread = Thread { [self] in self.main() }
        thread.name = "ssh \(name)"
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Queues a job; returns false (and does not run it) once the thread has stopped.
    @discardableResult
    func submit(_ job: @escaping Job) -> Bool {
        lock.lock()
        guard !finished else {
            lock.unlock()
            return false
        }
        jobs.append(job)
        lock.unlock()
        wake()
        return true
    }

    /// Runs `body` on the thread and returns its result to the caller's task.
    func perform<T: Sendable>(_ body: @escaping @Sendable (SessionContext) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
            let queued = submit { context in continuation.resume(with: Result { try body(context) }) }
            if !queued { continuation.resume(throwing: SessionThreadStopped()) }
        }
    }

    /// Lets the queued jobs run, then ends the thread after `SessionContext.shutdown`.
    func stop() {
        lock.lock()
        stopping = true
        lock.unlock()
        wake()
    }

    /// Stops the thread and returns once the session is disconnected and freed. Callers must
    /// wait for this before the process exits: libssh2's disconnect uses OpenSSL, whose exit-time
    /// cleanup would otherwise free it under a session thread that is still running.
    func stopAndWait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            lock.lock()
            if shutDown {
                lock.unlock()
                continuation.resume()
                return
            }
            shutdownWaiters.append(continuation)
            stopping = true
            lock.unlock()
            wake()
        }
    }

    /// The pipe stays open until deinit: a wake-up written after the thread ended must never
    /// land in a descriptor number that the process has since reused for a connection.
    private func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    deinit {
        close(wakeRead)
        close(wakeWrite)
    }

    private func main() {
        let context = SessionContext(wakeFD: wakeRead)
        while true {
            lock.lock()
            let batch = jobs
            jobs.removeAll()
            let stop = stopping
            if batch.isEmpty && stop { finished = true }
            lock.unlock()
            if batch.isEmpty {
                if stop { break }
                context.idle()
                continue
            }
            for job in batch { job(context) }
        }
        context.shutdown()
        lock.lock()
        shutDown = true
        let waiters = shutdownWaiters
        shutdownWaiters.removeAll()
        lock.unlock()
        for waiter in waiters { waiter.resume() }
    }
}

/// The job could not run because the session thread had already ended.
struct SessionThreadStopped: Error {}
