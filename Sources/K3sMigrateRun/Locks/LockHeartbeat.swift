/// Calls `beat` every `interval` while a run lasts, in a task of its own; `stop()` ends it.
public final class LockHeartbeat: Sendable {
    private let task: Task<Void, Never>

    public init(every interval: Duration, beat: @escaping @Sendable () async -> Void) {
        task = Task {
            while !Task.isCancelled {
                do { try await Task.sleep(for: interval) } catch { return }
                await beat()
            }
        }
    }

    deinit { task.cancel() }

    /// Cancels the loop and waits for a beat in progress to finish.
    public func stop() async {
        task.cancel()
        await task.value
    }
}
