import Foundation

/// The order a fleet apply takes: `--canary N` clusters first, then `--waves 10%,50%,100%`. Each
/// wave size is where the fleet should stand when the wave ends (cumulative, canary included):
/// a percentage of all clusters (rounded up) or a number of clusters. A wave starts only when
/// the previous one has finished.
public enum WavePlan {
    /// One entry of `--waves`.
    public enum Size: Sendable, Hashable, CustomStringConvertible {
        case count(Int)
        case percent(Int)

        /// `25%` or `10`.
        public static func parse(_ text: String) -> Size? {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.hasSuffix("%") {
                guard let value = Int(trimmed.dropLast()), (1...100).contains(value) else { return nil }
                return .percent(value)
            }
            guard let value = Int(trimmed), value >= 1 else { return nil }
            return .count(value)
        }

        /// Clusters done by the end of this wave, out of `total`.
        public func target(of total: Int) -> Int {
            switch self {
            case .count(let n): return min(n, total)
            case .percent(let p): return (total * p + 99) / 100
            }
        }

        public var description: String {
            switch self {
            case .count(let n): return String(n)
            case .percent(let p): return "\(p)%"
            }
        }

        public var reachesAll: Bool { if case .percent(100) = self { return true } else { return false } }
    }

    /// Parses `10%,50%,100%`; the last entry must be 100% so that no cluster is silently left out.
    public static func parseSizes(_ text: String) -> Result<[Size], FleetArgumentError> {
        var sizes: [Size] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let size = Size.parse(String(part)) else {
                return .failure(FleetArgumentError(message: "--waves: '\(part)' is neither a percentage from 1% to 100% nor a count of at least 1"))
            }
            sizes.append(size)
        }
        guard let last = sizes.last, last.reachesAll else {
            return .failure(FleetArgumentError(message: "--waves must end with 100% (got '\(text)'), so that every cluster has a wave"))
        }
        return .success(sizes)
    }

    /// The clusters of each wave, in order: the canary wave first (when `canary` > 0), then one
    /// wave per size; empty waves are dropped. Every cluster is in exactly one wave.
    public static func waves(_ clusters: [String], canary: Int, sizes: [Size]) -> [[String]] {
        var waves: [[String]] = []
        var done = 0
        let canaryCount = min(max(0, canary), clusters.count)
        if canaryCount > 0 {
            waves.append(Array(clusters[0..<canaryCount]))
            done = canaryCount
        }
        for size in sizes {
            let end = max(done, size.target(of: clusters.count))
            if end > done { waves.append(Array(clusters[done..<end])) }
            done = end
        }
        if done < clusters.count { waves.append(Array(clusters[done...])) }
        return waves
    }
}
