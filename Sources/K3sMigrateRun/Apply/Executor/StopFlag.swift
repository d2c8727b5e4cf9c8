import Synchronization

/// Set once by a signal handler's task, read by the scheduling loop; waits that change nothing
/// (health gates) can also wait on it and end the moment it is set.
final class StopFlag: Sendable {
    private struct State {
        var requested = false
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let state = Mutex(State())

    func request() -> Bool {
        let (first, woken) = state.withLock { state in
            let first = !state.requested
            state.requested = true
            let woken = Array(state.waiters.values)
            state.waiters = [:]
            return (first, woken)
        }
        for waiter in woken { waiter.resume() }
        return first
    }

    var isRequested: Bool { state.withLock { $0.requested } }

    /// Returns once a stop is requested (at once when it already was), or when the task is cancelled.
    func wait() async {
        let id = state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let waiting = state.withLock { state in
                    guard !state.requested, !Task.isCancelled else { return false }
                    state.waiters[id] = continuation
                    return true
                }
                if !waiting { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }

    /// `operation`'s value, or nil as soon as `stop` is requested (the operation is then left to
    /// finish on its own; its result is dropped). Without a flag, simply the operation's value.
    static func unlessStopped<T: Sendable>(_ stop: StopFlag?, _ operation: @escaping @Sendable () async -> T) async -> T? {
        guard let stop else { return await operation() }
        if stop.isRequested { return nil }
        let once = ResumeOnce<T?>()
        return await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
            once.set(continuation)
            let watcher = Task {
                await stop.wait()
                if stop.isRequested { once.resume(nil) }
            }
            Task {
                let value = await operation()
                once.resume(value)
                watcher.cancel()
            }
        }
    }
}

/// Resumes a continuation once; later values are dropped.
private final class ResumeOnce<T: Sendable>: Sendable {
    private let continuation = Mutex<CheckedContinuation<T, Never>?>(nil)

    func set(_ continuation: CheckedContinuation<T, Never>) {
        self.continuation.withLock { $0 = continuation }
    }

    func resume(_ value: T) {
        continuation.withLock { current in
            defer { current = nil }
            return current
        }?.resume(returning: value)
    }
}
