import K3sMigrateCore

/// Shares one remote query among concurrent health gates (a batch of agents all ask the same
/// server), without ever serving stale data: a caller gets an answer only from a query that
/// started at or after the moment it names (`notBefore`, the instant its own service was seen
/// active), so a node is never judged on what the server said before that node restarted.
actor SharedQuery<Value: Sendable> {
    private struct Query {
        var startedAt: ContinuousClock.Instant
        var task: Task<Value, Never>
    }

    private var latest: [String: Query] = [:]

    /// The answer for `key` from a query started no earlier than `notBefore`; runs `fetch` when there is none.
    func value(for key: String, notBefore: ContinuousClock.Instant,
               fetch: @escaping @Sendable () async -> Value) async -> Value {
        if let query = latest[key], query.startedAt >= notBefore {
            return await query.task.value
        }
        let query = Query(startedAt: ContinuousClock.now, task: Task { await fetch() })
        latest[key] = query
        return await query.task.value
    }
}
