import Foundation

/// Connects a fleet: bounded parallelism overall and per jump host, retries with exponential
/// backoff when sshd refused us or dropped us before its banner (MaxStartups), and jump host
/// sessions shared by all targets behind them. Keep the pool for the whole run; `close()` ends
/// every session it opened.
public final class SSHPool: Sendable {
    public let maxParallel: Int
    public let perJumpHost: Int
    public let retries: Int
    /// Delay before the first retry; doubled for each further one (with jitter).
    public let retryDelay: Double

    private let jumps = JumpRegistry()
    private let state = PoolState()

    public init(maxParallel: Int = 32, perJumpHost: Int = 8, retries: Int = 3, retryDelay: Double = 0.25) {
        self.maxParallel = max(1, maxParallel)
        self.perJumpHost = max(1, perJumpHost)
        self.retries = max(0, retries)
        self.retryDelay = retryDelay
    }

    /// Connects every target (at most `maxParallel` at once); results keyed by target name.
    public func connectAll(_ targets: [SSHTarget]) async -> [String: Result<SSHHost, SSHError>] {
        await withTaskGroup(of: (String, Result<SSHHost, SSHError>).self) { group in
            var results: [String: Result<SSHHost, SSHError>] = [:]
            var next = targets.makeIterator()
            var running = 0
            while running < maxParallel, let target = next.next() {
                group.addTask { (target.name, await self.connectResult(target)) }
                running += 1
            }
            while let (name, result) = await group.next() {
                results[name] = result
                if let target = next.next() {
                    group.addTask { (target.name, await self.connectResult(target)) }
                }
            }
            return results
        }
    }

    /// Connects one target with the pool's retries, sharing its jump hosts.
    public func connect(_ target: SSHTarget) async throws -> SSHHost {
        var attempt = 0
        while true {
            do {
                let host = try await connectOnce(target)
                await state.add(host)
                return host
            } catch let error as SSHError where error.isRetryable && attempt < retries {
                let backoff = retryDelay * pow(2, Double(attempt)) * Double.random(in: 0.5...1.5)
                attempt += 1
                try? await Task.sleep(nanoseconds: UInt64(backoff * 1e9))
            }
        }
    }

    /// Closes every host this pool connected, then the jump host sessions.
    public func close() async {
        for host in await state.takeAll() { await host.close() }
        await jumps.closeAll()
    }

    private func connectResult(_ target: SSHTarget) async -> Result<SSHHost, SSHError> {
        do {
            return .success(try await connect(target))
        } catch let error as SSHError {
            return .failure(error)
        } catch {
            return .failure(.sessionClosed(target.endpoint))
        }
    }

    private func connectOnce(_ target: SSHTarget) async throws -> SSHHost {
        guard let jump = target.jump else { return try await SSHHost.connect(target, jumps: nil, ownsJumps: false) }
        let limiter = await state.limiter(for: jump.connectionKey, limit: perJumpHost)
        return try await limiter.withPermit {
            try await SSHHost.connect(target, jumps: self.jumps, ownsJumps: false)
        }
    }
}
