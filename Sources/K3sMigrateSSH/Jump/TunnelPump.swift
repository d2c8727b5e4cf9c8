import CLibSSH2
import Foundation

/// Opens and feeds the tunnels of a jump host's session, on that session's thread.
///
/// libssh2 keeps one partly sent packet per session and refuses (EAGAIN) any other send until
/// the same call is repeated; every pass therefore retries every tunnel's pending write, so the
/// one that owns the partial packet always gets to finish it.
final class TunnelPump {
    struct OpenRequest {
        var host: String
        var port: Int
        var deadline: Deadline
        var endpoint: SSHEndpoint
        var reply: @Sendable (Result<Int32, SSHError>) -> Void
    }

    private var pendingOpens: [OpenRequest] = []
    private var tunnels: [Tunnel] = []
    /// Channels that finished but whose `libssh2_channel_free` returned EAGAIN.
    private var closing: [OpaquePointer] = []
    private var scratch = [UInt8](repeating: 0, count: 32 * 1024)

    var activeTunnels: Int { tunnels.count }

    func requestOpen(_ request: OpenRequest) {
        pendingOpens.append(request)
    }

    /// One round: move bytes until nothing moves, then sleep in poll() until the jump session,
    /// a tunnel socket, or the job queue (`wakeFD`) has something.
    func pump(connection: SSHConnection, wakeFD: Int32) {
        var rounds = 0
        while step(connection) && rounds < 64 { rounds += 1 }

        var fds = [pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0)]
        var sessionEvents = Int16(POLLIN)
        if libssh2_session_block_directions(connection.session) & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0 {
            sessionEvents |= Int16(POLLOUT)
        }
        fds.append(pollfd(fd: connection.socket, events: sessionEvents, revents: 0))
        for tunnel in tunnels {
            fds.append(pollfd(fd: tunnel.local, events: tunnel.localEvents, revents: 0))
        }
        let writesPending = tunnels.contains { $0.hasPendingRemoteWrite }
        var timeout = connection.failure == nil ? connection.keepaliveMilliseconds(onlyInbound: !writesPending) : 1000
        if let nearest = pendingOpens.map({ $0.deadline.remainingMilliseconds(cap: 1000) }).min() {
            timeout = min(timeout, max(nearest, 1))
        }
        if !closing.isEmpty || writesPending { timeout = min(timeout, 50) }
        if poll(&fds, nfds_t(fds.count), timeout) > 0 && fds[0].revents != 0 {
            var scratch = [UInt8](repeating: 0, count: 64)
            while read(wakeFD, &scratch, scratch.count) > 0 {}
        }
    }

    /// Ends every tunnel and fails every pending open (the jump session is going away).
    func closeAll(connection: SSHConnection?) {
        for request in pendingOpens {
            request.reply(.failure(.sessionClosed(connection?.endpoint ?? request.endpoint)))
        }
        pendingOpens.removeAll()
        for tunnel in tunnels {
            close(tunnel.local)
            closing.append(tunnel.channel)
        }
        tunnels.removeAll()
        if connection != nil { freeClosingChannels(until: Deadline(secondsFromNow: 1), connection: connection!) }
    }

    private func step(_ connection: SSHConnection) -> Bool {
        var progress = openNext(connection)
        for tunnel in tunnels {
            let mayStartEOF = !tunnels.contains { $0.eofPending && $0 !== tunnel }
            if tunnel.pump(scratch: &scratch, mayStartEOF: mayStartEOF) { progress = true }
        }
        let (finished, running) = (tunnels.filter(\.isFinished), tunnels.filter { !$0.isFinished })
        tunnels = running
        for tunnel in finished {
            close(tunnel.local)
            closing.append(tunnel.channel)
        }
        closing = closing.filter { libssh2_channel_free($0) == LibSSH2.again }
        return progress || !finished.isEmpty
    }

    /// libssh2 opens one channel at a time per session, so only the oldest request advances.
    private func openNext(_ connection: SSHConnection) -> Bool {
        guard let request = pendingOpens.first else { return false }
        if let failure = connection.failure {
            pendingOpens.removeFirst()
            request.reply(.failure(failure))
            return true
        }
        if let channel = k3s_channel_direct_tcpip(connection.session, request.host, Int32(request.port)) {
            pendingOpens.removeFirst()
            var pair: [Int32] = [0, 0]
            let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
            guard socketpair(AF_UNIX, type, 0, &pair) == 0 else {
                closing.append(channel)
                request.reply(.failure(.connectFailed(request.endpoint, reason: "socketpair: \(String(cString: strerror(errno)))", refused: false)))
                return true
            }
            tunnels.append(Tunnel(channel: channel, local: pair[0]))
            request.reply(.success(pair[1]))
            return true
        }
        let code = libssh2_session_last_errno(connection.session)
        if code == LibSSH2.again {
            guard request.deadline.hasPassed else { return false }
            pendingOpens.removeFirst()
            // libssh2's channel-open state can't be abandoned half way: the session is unusable now.
            connection.failure = .sessionClosed(connection.endpoint)
            request.reply(.failure(.connectTimedOut(request.endpoint, phase: "opening a tunnel through jump host \(connection.target.name)",
                                                    seconds: request.deadline.seconds)))
            return true
        }
        pendingOpens.removeFirst()
        let failure = LibSSH2.lastError(connection.session, code: code)
        if code == LIBSSH2_ERROR_SOCKET_SEND || code == LIBSSH2_ERROR_SOCKET_RECV || code == LIBSSH2_ERROR_SOCKET_DISCONNECT {
            connection.failure = .channelFailed(connection.endpoint, operation: "jump session", failure)
        }
        request.reply(.failure(.jumpFailed(request.endpoint, jump: connection.target.name,
                                           underlying: .channelFailed(connection.endpoint,
                                                                      operation: "open direct-tcpip channel to \(request.host):\(request.port)",
                                                                      failure))))
        return true
    }

    private func freeClosingChannels(until deadline: Deadline, connection: SSHConnection) {
        while !closing.isEmpty && !deadline.hasPassed {
            closing = closing.filter { libssh2_channel_free($0) == LibSSH2.again }
            if !closing.isEmpty { try? connection.waitForSocket(deadline: deadline) }
        }
    }
}
