/// What a rollback did: step ids undone, and ids that could not be undone (or whose host did not
/// come back healthy), in the order they were attempted.
public struct RollbackReport: Sendable, Hashable {
    public var undone: [String]
    public var remaining: [String]

    public init(undone: [String] = [], remaining: [String] = []) {
        self.undone = undone
        self.remaining = remaining
    }

    public var isComplete: Bool { remaining.isEmpty }
}
