import Foundation
import K3sMigrateCore

/// A session to a jump host that carries tunnels (`direct-tcpip` channels) to targets behind
/// it. It is used only for tunnels, never for commands, so its thread can keep pumping bytes.
/// Sendable because it holds only immutable values and a `SessionThread`.
final class JumpHost: Sendable {
    let target: SSHTarget
    let warnings: [Diagnostic]
    private let thread: SessionThread

    private init(target: SSHTarget, thread: SessionThread, warnings: [Diagnostic]) {
        self.target = target
        self.thread = thread
        self.warnings = warnings
    }

    /// Connects to `target`, through `parent` when the jump host has a jump host of its own.
    static func connect(_ target: SSHTarget, via parent: JumpHost?) async throws -> JumpHost {
        let thread = SessionThread(name: "jump \(target.name)")
        let deadline = Deadline(secondsFromNow: target.connectTimeout)
        do {
            let warnings = try await thread.perform { context in
                let connection = try SSHConnection.establish(target, deadline: deadline) { socketDeadline in
                    try SocketOpener.open(target, via: parent, deadline: socketDeadline)
                }
                context.connection = connection
                context.tunnels = TunnelPump()
                return connection.warnings
            }
            return JumpHost(target: target, thread: thread, warnings: warnings)
        } catch is SessionThreadStopped {
            throw SSHError.sessionClosed(target.endpoint)
        } catch {
            thread.stop()
            throw error
        }
    }

    /// Opens a tunnel to `host:port` as seen from the jump host and returns the socket for the
    /// session to the target. Blocks the calling thread, which must be a session thread.
    func openTunnel(to endpoint: SSHEndpoint, deadline: Deadline) throws -> Int32 {
        let result = BlockingResult<Result<Int32, SSHError>>()
        let jumpEndpoint = target.endpoint
        let queued = thread.submit { context in
            guard let tunnels = context.tunnels else {
                result.deliver(.failure(.sessionClosed(jumpEndpoint)))
                return
            }
            tunnels.requestOpen(TunnelPump.OpenRequest(host: endpoint.address, port: endpoint.port, deadline: deadline,
                                                       endpoint: endpoint, reply: { result.deliver($0) }))
        }
        guard queued else { throw SSHError.jumpFailed(endpoint, jump: target.name, underlying: .sessionClosed(jumpEndpoint)) }
        return try result.wait().get()
    }

    /// Returns once the jump session is disconnected (see `SessionThread.stopAndWait`).
    func close() async {
        await thread.stopAndWait()
    }

    /// A jump host dropped without `close()` still ends its thread (a thread would otherwise
    /// keep itself alive forever).
    deinit {
        thread.stop()
    }
}
