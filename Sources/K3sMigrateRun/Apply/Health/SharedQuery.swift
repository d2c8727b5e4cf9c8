import K3sMigrateCore

/// Shares one remote query among concurrent health gates (a batch of agents all ask the same
/// server), without ever serving stale data: a caller gets an answer only from a query that
/// started at or after the moment it names (`notBefore`, the start of its own poll), so a node is
/// never judged on what the server said before that node restarted.
///
/// At most one query per key runs at a time: a caller that needs a fresher answer than the one in
/// flight joins the single follow-up query, which starts when the running one ends. So however
/// many gates poll, a server answers one question at a time, and each answer serves them all.
actor SharedQuery<Value: Sendable> {
    private struct Query {
        var startedAt: ContinuousClock.Instant
        var task: Task<Value, Never>
    }

    private var latest: [String: Query] = [:]
    /// The follow-up query of a key, waiting for `latest` to end.
    private var next: [String: Task<Value, Never>] = [:]

    /// The answer for `key` from a query started no earlier than `notBefore`; runs `fetch` when there is none.
    func value(for key: String, notBefore: ContinuousClock.Instant,
               fetch: @escaping @Sendable () async -> Value) async -> Value {
        if let query = latest[key], query.startedAt >= notBefore {
            return await query.task.value
        }
        if let follow = next[key] { return await follow.value }
        guard let running = latest[key]?.task else { return await start(key, fetch) }
        // Starts after every current caller's `notBefore`, so it serves all of them.
        let follow = Task { [self] in
            _ = await running.value
            return await start(key, fetch)
        }
        next[key] = follow
        return await follow.value
    }

    private func start(_ key: String, _ fetch: @escaping @Sendable () async -> Value) async -> Value {
        let query = Query(startedAt: ContinuousClock.now, task: Task { await fetch() })
        latest[key] = query
        next[key] = nil
        return await query.task.value
    }
}
