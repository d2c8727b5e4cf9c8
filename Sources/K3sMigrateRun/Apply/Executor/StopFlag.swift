import Foundation

/// Set once by a signal handler's task, read by the scheduling loop.
/// `@unchecked Sendable`: the only state is one Bool, read and written under `lock`.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false

    func request() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let first = !requested
        requested = true
        return first
    }

    var isRequested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return requested
    }
}
