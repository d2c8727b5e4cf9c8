import Dispatch
import Foundation
import Synchronization

/// Maps a collection on every core, keeping the input order, so results stay deterministic.
/// For CPU-bound per-host work (parsing settings, analysing hosts) on large fleets.
public enum ParallelMap {
    /// Below this many items the work runs on the calling thread: threads cost more than they save.
    public static let threshold = 64

    public static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        guard items.count >= threshold else { return items.map(transform) }
        let chunks = min(items.count, ProcessInfo.processInfo.activeProcessorCount * 4)
        let results = Mutex<[[R]]>(Array(repeating: [], count: chunks))
        let size = (items.count + chunks - 1) / chunks
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = chunk * size
            let end = min(start + size, items.count)
            guard start < end else { return }
            let mapped = items[start..<end].map(transform)
            results.withLock { $0[chunk] = mapped }
        }
        return results.withLock { $0.flatMap { $0 } }
    }
}
