import Foundation
import Testing
@testable import K3sMigrateRun

@Suite("fleet of clusters: --max-sessions budget")
struct SessionBudgetTests {
    @Test func clustersWaitUntilTheirHostsFitUnderTheCap() async {
        let budget = SessionBudget(limit: 5)
        #expect(await budget.acquire(3) == 3)
        #expect(await budget.acquire(2) == 2)
        #expect(await budget.held == 5)
        // A third cluster of 3 hosts waits until the first gives its sessions back.
        let waiter = Task { await budget.acquire(3) }
        try? await Task.sleep(nanoseconds: 50_000_000)
        #expect(await budget.held == 5, "nothing more was handed out while the cap is reached")
        await budget.release(3)
        #expect(await waiter.value == 3)
        #expect(await budget.held == 5)
        await budget.release(2)
        await budget.release(3)
        #expect(await budget.held == 0)
    }

    @Test func aClusterLargerThanTheCapRunsAlone() async {
        let budget = SessionBudget(limit: 4)
        #expect(await budget.acquire(10) == 4)
        let small = Task { await budget.acquire(1) }
        try? await Task.sleep(nanoseconds: 50_000_000)
        #expect(await budget.held == 4)
        await budget.release(4)
        #expect(await small.value == 1)
    }

    @Test func neverMoreThanTheCapUnderConcurrency() async {
        let budget = SessionBudget(limit: 7)
        let peak = PeakCounter()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let taken = await budget.acquire(1 + index % 3)
                    await peak.add(taken)
                    await Task.yield()
                    await peak.add(-taken)
                    await budget.release(taken)
                }
            }
        }
        #expect(await peak.peak <= 7)
        #expect(await peak.peak >= 3)
        #expect(await budget.held == 0)
    }

    @Test func defaultIsSizedFromTheOpenFilesLimit() {
        let limit = SessionBudget.defaultLimit()
        #expect((16...512).contains(limit))
    }
}

actor PeakCounter {
    private(set) var current = 0
    private(set) var peak = 0
    func add(_ n: Int) {
        current += n
        peak = max(peak, current)
    }
}
