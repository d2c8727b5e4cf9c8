import CLibSSH2
import Foundation
import K3sMigrateCore

/// One libssh2 session over one socket. Not Sendable: it lives on, and is only ever touched
/// by, the thread of the `SessionThread` that created it.
final class SSHConnection {
    let target: SSHTarget
    let session: OpaquePointer
    let socket: Int32
    /// Non-fatal findings of the connect: skipped known_hosts lines, a recorded new host key.
    private(set) var warnings: [Diagnostic] = []
    /// Set once the transport failed; every later operation reports it.
    var failure: SSHError?
    /// Channels whose command outlived its deadline; freed once sshd closes them.
    var abandonedChannels: [OpaquePointer] = []
    /// How long a tunnelled session has waited without a byte from the host (see `noteAnswer`).
    var quiet = QuietStretch()

    var endpoint: SSHEndpoint { target.endpoint }

    private init(target: SSHTarget, session: OpaquePointer, socket: Int32) {
        self.target = target
        self.session = session
        self.socket = socket
    }

    /// Connects, verifies the host key against known_hosts, and authenticates, all before `deadline`.
    /// `openSocket` gives a fresh transport (TCP, or a tunnel through a jump host).
    static func establish(_ target: SSHTarget, deadline: Deadline,
                          openSocket: (Deadline) throws -> Int32) throws -> SSHConnection {
        LibSSH2.ensureInitialized()
        let knownHosts = try KnownHostsFile.load(path: target.knownHostsPath)
        let name = target.knownHostsName
        let preference = knownHosts.hostKeyPreference(for: name)
        let connection: SSHConnection
        do {
            connection = try handshake(target, preference: preference, deadline: deadline, openSocket: openSocket)
        } catch let error as SSHError where !preference.isEmpty && isNegotiationFailure(error) {
            throw try reportUnexpectedKeyType(target, knownHosts: knownHosts, original: error,
                                              deadline: deadline, openSocket: openSocket)
        }
        do {
            connection.warnings += HostKeyVerifier.warnings(for: knownHosts, hostName: name, host: target.name)
            if let recorded = try HostKeyVerifier.verify(connection, knownHosts: knownHosts) {
                connection.warnings.append(recorded)
            }
            try Authenticator(connection: connection, deadline: deadline).authenticate()
            // Direct: no reply wanted, the host's TCP acknowledgement of each keepalive is the proof
            // of life (TCP_USER_TIMEOUT, see `silentSeconds`), and libssh2 1.10 would keep every
            // reply. Through a jump host there is no TCP socket of ours to the host: a reply is the
            // only proof (`noteAnswer`); libssh2 keeps each one, a few dozen bytes per keepalive.
            libssh2_keepalive_config(connection.session, target.jump == nil ? 0 : 1, UInt32(max(0, target.keepaliveInterval)))
            return connection
        } catch {
            connection.shutdown(reason: "k3smigrate: connect aborted")
            throw error
        }
    }

    private static func handshake(_ target: SSHTarget, preference: [String], deadline: Deadline,
                                  openSocket: (Deadline) throws -> Int32) throws -> SSHConnection {
        let socket = try openSocket(deadline)
        guard let session = k3s_session_init() else {
            close(socket)
            throw SSHError.handshakeFailed(target.endpoint, LibSSH2Failure(code: -6, message: "cannot allocate a session"), banner: false)
        }
        let connection = SSHConnection(target: target, session: session, socket: socket)
        libssh2_session_set_blocking(session, 0)
        let methods = (preference.isEmpty ? KnownHostsFile.preferenceOrder : preference).joined(separator: ",")
        _ = libssh2_session_method_pref(session, LIBSSH2_METHOD_HOSTKEY, methods)
        do {
            try connection.retrying(deadline: deadline, phase: "SSH handshake") {
                libssh2_session_handshake(session, libssh2_socket_t(socket))
            } failure: { code in
                let failure = LibSSH2.lastError(session, code: code)
                let banner = code == LIBSSH2_ERROR_BANNER_RECV || code == LIBSSH2_ERROR_SOCKET_RECV
                    || code == LIBSSH2_ERROR_SOCKET_DISCONNECT || failure.message.lowercased().contains("banner")
                return .handshakeFailed(target.endpoint, failure, banner: banner)
            }
        } catch {
            connection.shutdown(reason: nil)
            throw error
        }
        return connection
    }

    private static func isNegotiationFailure(_ error: SSHError) -> Bool {
        guard case .handshakeFailed(_, let failure, let banner) = error, !banner else { return false }
        return failure.code == LIBSSH2_ERROR_KEX_FAILURE || failure.code == LIBSSH2_ERROR_METHOD_NONE
            || failure.message.lowercased().contains("method") || failure.message.lowercased().contains("exchange")
    }

    /// The host could not offer any key type we know for it: connect once more without the
    /// restriction, only to show the user which key it does offer.
    private static func reportUnexpectedKeyType(_ target: SSHTarget, knownHosts: KnownHostsFile, original: SSHError,
                                                deadline: Deadline, openSocket: (Deadline) throws -> Int32) throws -> SSHError {
        let known = knownHosts.hostKeyPreference(for: target.knownHostsName)
        guard case .handshakeFailed(_, let failure, _) = original,
              let probe = try? handshake(target, preference: [], deadline: deadline, openSocket: openSocket) else {
            if case .handshakeFailed(_, let failure, _) = original {
                return .hostKeyTypeMismatch(target.endpoint, known: known, failure: failure)
            }
            return original
        }
        defer { probe.shutdown(reason: "k3smigrate: host key check failed") }
        guard let offered = probe.hostKey() else {
            return .hostKeyTypeMismatch(target.endpoint, known: known, failure: failure)
        }
        // The host does offer a key we know: the first failure was something else.
        if knownHosts.keys(for: target.knownHostsName).contains(where: { $0.keyBlob == offered }) { return original }
        return .hostKeyChanged(target.endpoint, HostKeyVerifier.report(offered: offered, target: target, knownHosts: knownHosts))
    }

    /// The key the server presented in the handshake.
    func hostKey() -> [UInt8]? {
        var length = 0
        var type: Int32 = 0
        guard let key = libssh2_session_hostkey(session, &length, &type), length > 0 else { return nil }
        return key.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
    }

    /// Calls `step` until it stops returning EAGAIN, waiting on the socket in between.
    /// A negative result other than EAGAIN becomes `failure(code)`.
    @discardableResult
    func retrying(deadline: Deadline, phase: String, _ step: () -> Int32,
                  failure: (Int32) -> SSHError) throws -> Int32 {
        while true {
            let rc = step()
            if rc >= 0 { return rc }
            guard rc == LibSSH2.again else { throw failure(rc) }
            try waitOrThrow(deadline: deadline, phase: phase)
        }
    }

    /// Waits on the socket; turns a passed deadline into the connect-phase error.
    func waitOrThrow(deadline: Deadline, phase: String) throws {
        do {
            try waitForSocket(deadline: deadline)
        } catch is DeadlineExceeded {
            throw SSHError.connectTimedOut(endpoint, phase: phase, seconds: deadline.seconds)
        }
    }

    /// Blocks until the socket is ready in the direction libssh2 is waiting for, sending
    /// keepalives while waiting only for input. Throws `DeadlineExceeded` when time is up.
    func waitForSocket(deadline: Deadline) throws {
        let directions = libssh2_session_block_directions(session)
        var events: Int16 = 0
        if directions & LIBSSH2_SESSION_BLOCK_INBOUND != 0 { events |= Int16(POLLIN) }
        if directions & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0 { events |= Int16(POLLOUT) }
        // No direction recorded: libssh2 is waiting on its own state; look again shortly.
        let cap: Int32 = events == 0 ? 10 : keepaliveMilliseconds(onlyInbound: events == Int16(POLLIN))
        if events == 0 { events = Int16(POLLIN) }
        var pfd = pollfd(fd: socket, events: events, revents: 0)
        let began = Deadline.now()
        let ready = poll(&pfd, 1, deadline.remainingMilliseconds(cap: cap))
        if ready == 0 && deadline.hasPassed { throw DeadlineExceeded() }
        try noteAnswer(ready > 0, waitBegan: began)
    }

    /// Sends a keepalive if one is due and returns the milliseconds until the next. Only when
    /// libssh2 waits for input alone and the kernel has (almost) nothing left to send, so the
    /// keepalive goes out whole (see `k3s_socket_unsent_bytes`).
    func keepaliveMilliseconds(onlyInbound: Bool) -> Int32 {
        guard target.keepaliveInterval > 0 else { return Int32.max }
        let unsent = k3s_socket_unsent_bytes(socket)
        guard onlyInbound, unsent >= 0, unsent < 4096 else { return min(1000, Int32(target.keepaliveInterval) * 1000) }
        var next: Int32 = 0
        let rc = libssh2_keepalive_send(session, &next)
        if rc != 0 || next <= 0 { return Int32(target.keepaliveInterval) * 1000 }
        return next * 1000
    }

    /// Seconds the host has been silent, when the kernel ended the connection because what we
    /// sent stayed unacknowledged (TCP_USER_TIMEOUT); nil for a live link, a reset or a refusal,
    /// and for tunnels (not TCP sockets: the jump host's own session carries that check).
    /// Our keepalives are acknowledged every `keepaliveInterval` on a live link, so a last ACK
    /// older than most of the timeout can only mean the peer stopped answering.
    func silentSeconds() -> Int? {
        var info = tcp_info()
        var length = socklen_t(MemoryLayout<tcp_info>.size)
        guard getsockopt(socket, Int32(IPPROTO_TCP), TCP_INFO, &info, &length) == 0 else { return nil }
        let closed = info.tcpi_state == UInt8(TCP_CLOSE)
        let timeout = target.userTimeoutMilliseconds
        guard closed, timeout > 0, info.tcpi_last_ack_recv >= timeout / 4 * 3 else { return nil }
        return Int((Double(info.tcpi_last_ack_recv) / 1000).rounded())
    }

    /// The error to report for a failed libssh2 call on this session: the silent host in words
    /// when that is what happened. Records the loss so that later calls fail at once.
    func transportFailure(_ error: SSHError, commandStarted: Bool) -> SSHError {
        guard failure == nil else { return error }
        let reported: SSHError
        if let seconds = silentSeconds() {
            reported = .hostSilent(endpoint, seconds: seconds, commandStarted: commandStarted)
        } else if case .hostSilent(let e, let seconds, _) = error {
            reported = .hostSilent(e, seconds: seconds, commandStarted: commandStarted)
        } else {
            reported = error
        }
        if SSHConnection.isSocketFailure(reported) {
            let cause: SSHError = if case .hostSilent(let e, let seconds, _) = reported {
                .hostSilent(e, seconds: seconds, commandStarted: false)
            } else { reported }
            failure = .sessionLost(endpoint, cause: cause)
        }
        return reported
    }

    /// The socket reported an error or hang-up while the session was idle.
    func markLost() {
        guard failure == nil else { return }
        let cause: SSHError = silentSeconds().map { .hostSilent(endpoint, seconds: $0, commandStarted: false) }
            ?? .channelFailed(endpoint, operation: "keep the session open",
                              LibSSH2Failure(code: LIBSSH2_ERROR_SOCKET_DISCONNECT, message: "the connection was closed"))
        failure = .sessionLost(endpoint, cause: cause)
    }

    static func isSocketFailure(_ error: SSHError) -> Bool {
        switch error {
        case .hostSilent: return true
        case .channelFailed(_, _, let f):
            return f.code == LIBSSH2_ERROR_SOCKET_SEND || f.code == LIBSSH2_ERROR_SOCKET_RECV
                || f.code == LIBSSH2_ERROR_SOCKET_DISCONNECT || f.code == LIBSSH2_ERROR_SOCKET_TIMEOUT
                || f.code == LIBSSH2_ERROR_TIMEOUT
        default: return false
        }
    }

    /// Says goodbye to the server (best effort, briefly) and frees everything.
    func shutdown(reason: String?) {
        if let reason, failure == nil {
            let deadline = Deadline(secondsFromNow: 1)
            while k3s_session_disconnect(session, reason) == LibSSH2.again, !deadline.hasPassed {
                try? waitForSocket(deadline: deadline)
            }
        }
        libssh2_session_free(session)
        close(socket)
    }
}
