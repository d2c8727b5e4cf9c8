import Testing
@testable import K3sMigrateCore

@Suite("fleet of clusters: --shard I/N")
struct ClusterShardTests {
    static let names = (1...1000).map { String(format: "store-%04d", $0) }

    @Test func shardsAreDisjointAndComplete() throws {
        for count in [1, 2, 3, 7, 16] {
            let shards = try (0..<count).map { try ClusterShard.parse("\($0)/\(count)").get() }
            for name in Self.names {
                #expect(shards.filter { $0.contains(name) }.count == 1, "\(name) in exactly one of \(count) shards")
            }
        }
    }

    @Test func shardsAreStable() throws {
        // Values computed independently (Python, same FNV-1a + SplitMix64 finaliser): a change of
        // the hash would move clusters between CI runners in the middle of a rollout.
        #expect(ClusterShard.hash("store-0001") == 0x4391_b831_c8cb_c3bb)
        #expect(ClusterShard.hash("store-0002") == 0xca03_eb1f_62f2_7a3f)
        #expect(ClusterShard.hash("a") == 0x02c0_bdbf_4814_20f8)
        let shards = try (0..<4).map { try ClusterShard.parse("\($0)/4").get() }
        let pinned = Self.names.prefix(8).map { name in shards.firstIndex { $0.contains(name) } }
        #expect(pinned == [3, 3, 1, 0, 0, 2, 1, 2])
        // Which shard a cluster is in depends on its name only, not on the rest of the fleet.
        #expect(Self.names.prefix(10).filter(shards[1].contains) == Self.names.filter(shards[1].contains).filter { Self.names.prefix(10).contains($0) })
    }

    @Test func shardsAreBalanced() throws {
        let sizes = try (0..<4).map { i in Self.names.filter(try ClusterShard.parse("\(i)/4").get().contains).count }
        #expect(sizes.reduce(0, +) == 1000)
        #expect(sizes.allSatisfy { (200...300).contains($0) }, "sizes \(sizes)")
    }

    @Test func badShardsAreRefused() {
        for text in ["4/4", "-1/4", "0/0", "1", "a/b", "1/2/3", ""] {
            #expect(throws: FleetArgumentError.self) { try ClusterShard.parse(text).get() }
        }
    }

    @Test func restrictingAFleetKeepsOnlyItsShard() throws {
        let files = (1...12).map { (path: "/f/c\($0).yaml", text: FleetInventoryTests.native("c\($0)")) }
        let fleet = try FleetInventory.assemble(directory: "/f", files: files)
        let parts = try (0..<3).map { fleet.restricted(to: try ClusterShard.parse("\($0)/3").get()).names }
        #expect(Set(parts.flatMap { $0 }) == Set(fleet.names))
        #expect(parts.flatMap { $0 }.count == fleet.names.count)
        #expect(fleet.restricted(to: nil).names == fleet.names)
    }
}
