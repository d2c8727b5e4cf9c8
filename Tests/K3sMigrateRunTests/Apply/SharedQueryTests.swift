import Synchronization
import Testing
@testable import K3sMigrateRun

@Suite("Shared health queries")
struct SharedQueryTests {
    final class Counter: Sendable {
        let calls = Mutex(0)
        func next() -> Int { calls.withLock { $0 += 1; return $0 } }
    }

    @Test("concurrent callers share one query; a caller that needs a fresher answer gets a new one")
    func freshness() async {
        let shared = SharedQuery<Int>()
        let counter = Counter()
        let fetch: @Sendable () async -> Int = {
            try? await Task.sleep(for: .milliseconds(50))
            return counter.next()
        }
        let start = ContinuousClock.now
        async let a = shared.value(for: "s1", notBefore: start, fetch: fetch)
        async let b = shared.value(for: "s1", notBefore: start, fetch: fetch)
        let first = await [a, b]
        #expect(first == [1, 1], "both waited on the same query")
        let reused = await shared.value(for: "s1", notBefore: start, fetch: fetch)
        #expect(reused == 1, "a query started after notBefore is reused")
        let fresh = await shared.value(for: "s1", notBefore: ContinuousClock.now, fetch: fetch)
        #expect(fresh == 2, "a query started before notBefore is never served")
        let other = await shared.value(for: "s2", notBefore: start, fetch: fetch)
        #expect(other == 3, "keys do not share")
    }
}
