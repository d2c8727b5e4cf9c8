/// Jump host sessions shared by every target behind them, one per `sessionKey` (the machine,
/// its known_hosts and policy, the identity), each connected once (concurrent requests wait for
/// the same connect).
actor JumpRegistry {
    private var sessions: [SSHTarget.SessionKey: Task<JumpHost, Error>] = [:]

    func jumpHost(for target: SSHTarget) async throws -> JumpHost {
        let key = target.sessionKey
        if let existing = sessions[key] { return try await existing.value }
        let task = Task {
            var parent: JumpHost?
            if let outer = target.jump { parent = try await self.jumpHost(for: outer) }
            return try await JumpHost.connect(target, via: parent)
        }
        sessions[key] = task
        do {
            return try await task.value
        } catch {
            // Let a later attempt (a retry) connect again.
            if sessions[key] == task { sessions[key] = nil }
            throw error
        }
    }

    func closeAll() async {
        let all = sessions.values
        sessions.removeAll()
        for task in all {
            if let host = try? await task.value { await host.close() }
        }
    }
}
