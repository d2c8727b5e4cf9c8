import Testing
@testable import K3sMigrateCore

@Suite("fleet of clusters: canary, waves and the failure budget")
struct WavePlanTests {
    static func clusters(_ n: Int) -> [String] { (1...n).map { "c\($0)" } }

    static func sizes(_ text: String) throws -> [WavePlan.Size] { try WavePlan.parseSizes(text).get() }

    @Test func canaryThenCumulativePercentages() throws {
        let waves = WavePlan.waves(Self.clusters(20), canary: 1, sizes: try Self.sizes("10%,50%,100%"))
        #expect(waves.map(\.count) == [1, 1, 8, 10])
        #expect(waves[0] == ["c1"])
        #expect(waves.flatMap { $0 } == Self.clusters(20))
    }

    @Test func percentagesRoundUpAndEmptyWavesAreDropped() throws {
        // 10% of 5 is 0.5 -> 1 cluster; the canary already covers it, so that wave is empty.
        let waves = WavePlan.waves(Self.clusters(5), canary: 1, sizes: try Self.sizes("10%,50%,100%"))
        #expect(waves.map(\.count) == [1, 2, 2])
        #expect(WavePlan.waves(Self.clusters(3), canary: 0, sizes: try Self.sizes("100%")) == [Self.clusters(3)])
    }

    @Test func countsAndACanaryLargerThanTheFleet() throws {
        #expect(WavePlan.waves(Self.clusters(10), canary: 2, sizes: try Self.sizes("5,100%")).map(\.count) == [2, 3, 5])
        #expect(WavePlan.waves(Self.clusters(2), canary: 5, sizes: try Self.sizes("100%")) == [["c1", "c2"]])
        #expect(WavePlan.waves([], canary: 1, sizes: try Self.sizes("100%")).isEmpty)
    }

    @Test func everyClusterIsInExactlyOneWave() throws {
        for n in [1, 2, 7, 33, 1000] {
            for canary in [0, 1, 3] {
                let waves = WavePlan.waves(Self.clusters(n), canary: canary, sizes: try Self.sizes("1%,10%,25,50%,100%"))
                #expect(waves.flatMap { $0 } == Self.clusters(n))
                #expect(waves.allSatisfy { !$0.isEmpty })
            }
        }
    }

    @Test func badWavesAreRefused() {
        for text in ["10%,50%", "0%,100%", "101%", "x,100%", "", "10%,,100%", "0,100%"] {
            #expect(throws: FleetArgumentError.self) { try WavePlan.parseSizes(text).get() }
        }
    }

    @Test func failureBudgetCountsAndPercentages() throws {
        let zero = try #require(FailureBudget.parse("0"))
        #expect(!zero.isExceeded(failed: 0, total: 10))
        #expect(zero.isExceeded(failed: 1, total: 10))
        let two = try #require(FailureBudget.parse("2"))
        #expect(!two.isExceeded(failed: 2, total: 10))
        #expect(two.isExceeded(failed: 3, total: 10))
        let tenth = try #require(FailureBudget.parse("10%"))
        #expect(tenth.allowed(of: 15) == 1)
        #expect(tenth.allowed(of: 100) == 10)
        #expect(!tenth.isExceeded(failed: 10, total: 100))
        #expect(tenth.isExceeded(failed: 11, total: 100))
        #expect(FailureBudget.parse("100%")?.isExceeded(failed: 5, total: 5) == false)
        for bad in ["-1", "101%", "x", "1.5", "%"] { #expect(FailureBudget.parse(bad) == nil, "\(bad)") }
    }

    @Test func fleetVerdictIsTheWorstOutcome() {
        #expect(FleetVerdict.of([.done, .nothingToDo], interrupted: false) == .success)
        #expect(FleetVerdict.of([.done, .refused, .notStarted], interrupted: false) == .refused)
        #expect(FleetVerdict.of([.done, .rolledBack, .refused], interrupted: false) == .rolledBack)
        #expect(FleetVerdict.of([.partlyRolledBack], interrupted: false) == .rolledBack)
        #expect(FleetVerdict.of([.rolledBack, .rollbackIncomplete], interrupted: false) == .rollbackIncomplete)
        #expect(FleetVerdict.of([.rollbackIncomplete, .done], interrupted: true) == .interrupted)
        #expect(FleetVerdict.of([.done, .interrupted], interrupted: false) == .interrupted)
        #expect(ClusterOutcome.allCases.filter(\.isFailure) == [.partlyRolledBack, .refused, .rolledBack, .rollbackIncomplete])
    }
}
