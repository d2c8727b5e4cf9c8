/// `--shard I/N`: the clusters whose name hashes to I modulo N (I from 0 to N-1, as Kubernetes's
/// `JOB_COMPLETION_INDEX`). Every cluster is in exactly one shard, and which one depends only on
/// its name and N, so N runners split a fleet with no coordinator and agree on every machine.
public struct ClusterShard: Sendable, Hashable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public init?(index: Int, count: Int) {
        guard count >= 1, index >= 0, index < count else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `I/N`; nil with a reason for anything else.
    public static func parse(_ text: String) -> Result<ClusterShard, FleetArgumentError> {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            return .failure(FleetArgumentError(message: "--shard takes I/N (e.g. 0/4), got '\(text)'"))
        }
        guard let shard = ClusterShard(index: index, count: count) else {
            return .failure(FleetArgumentError(message: "--shard \(text): N must be at least 1 and I between 0 and N-1"))
        }
        return .success(shard)
    }

    public func contains(_ cluster: String) -> Bool {
        Int(ClusterShard.hash(cluster) % UInt64(count)) == index
    }

    public var description: String { "\(index)/\(count)" }

    /// FNV-1a over the name's UTF-8 bytes, then SplitMix64's finaliser so that names differing
    /// in their last character spread over the shards. Fixed constants: stable across runs,
    /// processes and machines (unlike Swift's seeded `Hasher`).
    public static func hash(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        hash ^= hash >> 30
        hash = hash &* 0xbf58_476d_1ce4_e5b9
        hash ^= hash >> 27
        hash = hash &* 0x94d0_49bb_1331_11eb
        hash ^= hash >> 31
        return hash
    }
}

public struct FleetArgumentError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
