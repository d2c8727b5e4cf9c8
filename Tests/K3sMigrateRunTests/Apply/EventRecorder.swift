import Foundation
import K3sMigrateRun
import K3sMigrateCore

/// Collects executor events for assertions; can call back on one event (to stop a run midway).
/// `@unchecked Sendable`: `events` and `hook` are only touched under `lock`.
final class EventRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [ExecutionEvent] = []
    private var hook: (@Sendable (ExecutionEvent) -> Void)?

    var all: [ExecutionEvent] {
        lock.lock()
        defer { lock.unlock() }
        return events
    }

    func onEvent(_ hook: @escaping @Sendable (ExecutionEvent) -> Void) {
        lock.lock()
        self.hook = hook
        lock.unlock()
    }

    var sink: @Sendable (ExecutionEvent) -> Void {
        { [self] event in
            lock.lock()
            events.append(event)
            let hook = self.hook
            lock.unlock()
            hook?(event)
        }
    }

    /// Finished steps with their results, in order.
    var finished: [(id: String, status: StepResult.Status, summary: String)] {
        all.compactMap { event in
            if case .stepFinished(let step, let result) = event { return (step.id, result.status, result.summary) }
            return nil
        }
    }

    func status(of id: String) -> StepResult.Status? { finished.last { $0.id == id }?.status }
}

/// A state directory under the system temp directory, removed by `remove()`.
struct TemporaryStateDirectory {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "k3smigrate-exec-tests-" + UUID().uuidString
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
