import Foundation

/// `--max-sessions`: a cap on SSH sessions open at once across every cluster of a fleet. A
/// cluster takes one permit per host it connects before it opens any session and gives them
/// back once its sessions are closed, so 1,000 clusters x 3 hosts never hold 3,000 sessions.
/// A cluster with more hosts than the cap runs alone (it takes the whole budget).
public actor SessionBudget {
    public let limit: Int
    private var inUse = 0
    private var waiting: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

    public init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Waits (first come, first served) until `count` permits are free; returns the number taken.
    public func acquire(_ count: Int) async -> Int {
        let need = min(max(1, count), limit)
        if waiting.isEmpty, inUse + need <= limit {
            inUse += need
            return need
        }
        await withCheckedContinuation { waiting.append((need, $0)) }
        return need
    }

    public func release(_ count: Int) {
        inUse -= count
        while let first = waiting.first, inUse + first.count <= limit {
            waiting.removeFirst()
            inUse += first.count
            first.continuation.resume()
        }
    }

    /// Permits held right now (for tests and progress).
    public var held: Int { inUse }

    /// Sized for this controller: each session holds a socket and a thread of its own, so a
    /// quarter of the soft open-files limit, at most 512 and at least 16.
    public static func defaultLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 128 }
        let files = Int(min(UInt64(limit.rlim_cur), 1 << 20))
        return min(512, max(16, files / 4))
    }
}
