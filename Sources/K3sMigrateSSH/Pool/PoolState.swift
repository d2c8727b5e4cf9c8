/// The pool's mutable bookkeeping.
actor PoolState {
    private var hosts: [SSHHost] = []
    private var limiters: [String: AsyncLimiter] = [:]

    func add(_ host: SSHHost) { hosts.append(host) }

    func takeAll() -> [SSHHost] {
        defer { hosts.removeAll() }
        return hosts
    }

    func limiter(for key: String, limit: Int) -> AsyncLimiter {
        if let existing = limiters[key] { return existing }
        let limiter = AsyncLimiter(limit: limit)
        limiters[key] = limiter
        return limiter
    }
}
