import Foundation

/// `--max-failed-clusters N` or `P%`: how many clusters may fail before no new cluster starts.
/// Clusters already running finish (and each failed one rolls back on its own).
public enum FailureBudget: Sendable, Hashable, CustomStringConvertible {
    case count(Int)
    case percent(Int)

    public static func parse(_ text: String) -> FailureBudget? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("%") {
            guard let value = Int(trimmed.dropLast()), (0...100).contains(value) else { return nil }
            return .percent(value)
        }
        guard let value = Int(trimmed), value >= 0 else { return nil }
        return .count(value)
    }

    /// Failures tolerated out of `total` clusters (a percentage rounds down: 10% of 15 is 1).
    public func allowed(of total: Int) -> Int {
        switch self {
        case .count(let n): return n
        case .percent(let p): return total * p / 100
        }
    }

    /// True once more clusters failed than the budget allows: start no new cluster.
    public func isExceeded(failed: Int, total: Int) -> Bool { failed > allowed(of: total) }

    public var description: String {
        switch self {
        case .count(let n): return String(n)
        case .percent(let p): return "\(p)%"
        }
    }
}
