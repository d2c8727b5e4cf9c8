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

    @Test("callers needing a fresher answer than the one in flight share one follow-up query; never two at once")
    func followUp() async {
        let shared = SharedQuery<Int>()
        let counter = Counter()
        let running = Mutex((now: 0, most: 0))
        let fetch: @Sendable () async -> Int = {
            running.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
            try? await Task.sleep(for: .milliseconds(100))
            running.withLock { $0.now -= 1 }
            return counter.next()
        }
        async let first = shared.value(for: "s1", notBefore: .now, fetch: fetch)
        try? await Task.sleep(for: .milliseconds(30))
        let later = ContinuousClock.now
        let followers = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<10 { group.addTask { await shared.value(for: "s1", notBefore: later, fetch: fetch) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(await first == 1)
        #expect(followers == Array(repeating: 2, count: 10), "ten callers, one follow-up query")
        #expect(running.withLock { $0.most } == 1, "the server answers one question at a time")
    }
}

@Suite("Health poll pacing and interrupts")
struct HealthPacingTests {
    @Test("quick first polls, then backing off to the configured interval")
    func pacing() {
        let pauses = (1...7).map { HealthCheck.pause(afterPoll: $0, cap: 1) }
        #expect(pauses == [0.1, 0.2, 0.4, 0.8, 1, 1, 1])
        #expect(HealthCheck.pause(afterPoll: 1, cap: 0) == 0)
    }

    @Test("a wait ends when the stop is requested, without waiting for the operation")
    func stopEndsWait() async {
        let stop = StopFlag()
        // An operation that would never end by itself (released at the end of the test).
        let never = StopFlag()
        Task {
            try? await Task.sleep(for: .milliseconds(50))
            _ = stop.request()
        }
        let value = await StopFlag.unlessStopped(stop) { () -> Int in
            await never.wait()
            return 1
        }
        #expect(value == nil)
        _ = never.request()
        #expect(await StopFlag.unlessStopped(stop) { 4 } == nil, "once stopped, nothing starts")
        #expect(await StopFlag.unlessStopped(nil) { 2 } == 2)
        #expect(await StopFlag.unlessStopped(StopFlag()) { 3 } == 3, "no stop: the operation's value")
    }
}
