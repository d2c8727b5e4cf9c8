import CLibSSH2
import K3sMigrateCore

/// Every failure of the SSH transport, each naming the host and saying what to do in one line.
public indirect enum SSHError: Error, CustomStringConvertible, Sendable, Equatable {
    /// TCP connect, handshake or authentication did not finish in time.
    case connectTimedOut(SSHEndpoint, phase: String, seconds: Double)
    /// The TCP connection could not be made (refused, no route, unknown name).
    case connectFailed(SSHEndpoint, reason: String, refused: Bool)
    /// The SSH handshake failed; `banner` when the server closed before its banner (MaxStartups).
    case handshakeFailed(SSHEndpoint, LibSSH2Failure, banner: Bool)
    case hostKeyUnknown(SSHEndpoint, HostKeyReport)
    case hostKeyChanged(SSHEndpoint, HostKeyReport)
    case hostKeyRevoked(SSHEndpoint, HostKeyReport)
    /// The host could not offer any key type known_hosts holds for it.
    case hostKeyTypeMismatch(SSHEndpoint, known: [String], failure: LibSSH2Failure)
    case authenticationFailed(SSHEndpoint, user: String, detail: String)
    /// A libssh2 call on an open session failed (channel open, exec, read, write).
    case channelFailed(SSHEndpoint, operation: String, LibSSH2Failure)
    case commandTimedOut(SSHEndpoint, command: String, seconds: Int)
    /// A file operation ran but the remote side reported an error (its stderr is the detail).
    case remoteOperationFailed(SSHEndpoint, operation: String, detail: String)
    case sessionClosed(SSHEndpoint)
    /// Nothing came back from the host for `seconds` (what was sent stayed unacknowledged): the
    /// network or the host is down. `commandStarted`: the command in flight had already started.
    case hostSilent(SSHEndpoint, seconds: Int, commandStarted: Bool)
    /// The session failed earlier (`cause`); nothing was sent for this operation.
    case sessionLost(SSHEndpoint, cause: SSHError)
    /// A configuration file (ssh_config, known_hosts, key file) or a target setting is unusable.
    case configInvalid(file: String, line: Int, message: String)
    /// Reaching the host through its jump host failed.
    case jumpFailed(SSHEndpoint, jump: String, underlying: SSHError)

    /// The inventory name of the host concerned, when there is one.
    public var host: String? { endpoint?.host }

    public var endpoint: SSHEndpoint? {
        switch self {
        case .connectTimedOut(let e, _, _), .connectFailed(let e, _, _), .handshakeFailed(let e, _, _),
             .hostKeyUnknown(let e, _), .hostKeyChanged(let e, _), .hostKeyRevoked(let e, _),
             .hostKeyTypeMismatch(let e, _, _), .authenticationFailed(let e, _, _), .channelFailed(let e, _, _),
             .commandTimedOut(let e, _, _), .remoteOperationFailed(let e, _, _), .sessionClosed(let e),
             .jumpFailed(let e, _, _), .hostSilent(let e, _, _), .sessionLost(let e, _):
            return e
        case .configInvalid:
            return nil
        }
    }

    /// libssh2's error code and message, when libssh2 reported the failure.
    public var libssh2: LibSSH2Failure? {
        switch self {
        case .handshakeFailed(_, let f, _), .hostKeyTypeMismatch(_, _, let f), .channelFailed(_, _, let f): return f
        case .jumpFailed(_, _, let underlying): return underlying.libssh2
        default: return nil
        }
    }

    /// True when the operation provably never started a command on the host: no session, no
    /// channel, or a session already lost. Such a failure changed nothing there.
    public var commandNeverStarted: Bool {
        switch self {
        case .connectTimedOut, .connectFailed, .handshakeFailed, .hostKeyUnknown, .hostKeyChanged, .hostKeyRevoked,
             .hostKeyTypeMismatch, .authenticationFailed, .sessionClosed, .sessionLost, .configInvalid, .jumpFailed:
            return true
        case .channelFailed(_, let operation, _):
            return operation == SSHError.openChannelOperation
        case .hostSilent(_, _, let started):
            return !started
        case .commandTimedOut, .remoteOperationFailed:
            return false
        }
    }

    /// True when the host stopped answering (the session is gone, reconnecting may help later).
    public var isHostSilent: Bool {
        switch self {
        case .hostSilent: return true
        case .sessionLost(_, let cause): return cause.isHostSilent
        case .jumpFailed(_, _, let underlying): return underlying.isHostSilent
        default: return false
        }
    }

    /// True when the host closed or reset the connection under the operation (not a silence, not
    /// our own close): a reboot or an sshd restart. A fresh session may reach the host again.
    public var sessionDropped: Bool {
        switch self {
        case .channelFailed(_, _, let f):
            return f.code == LIBSSH2_ERROR_SOCKET_SEND || f.code == LIBSSH2_ERROR_SOCKET_RECV
                || f.code == LIBSSH2_ERROR_SOCKET_DISCONNECT
        case .sessionLost(_, let cause): return cause.sessionDropped
        default: return false
        }
    }

    /// Worth trying again while a host reboots: it refused, reset, dropped or did not answer us.
    /// A changed host key or a refused login is an answer, and final.
    var mayComeBack: Bool {
        switch self {
        case .connectFailed, .connectTimedOut, .handshakeFailed, .sessionLost, .hostSilent: return true
        case .channelFailed: return sessionDropped
        case .jumpFailed(_, _, let underlying): return underlying.mayComeBack
        default: return false
        }
    }

    static let openChannelOperation = "open channel"

    /// Worth another try after a pause: sshd refused or dropped us before its banner
    /// (restarting, or MaxStartups throttling many simultaneous connections).
    public var isRetryable: Bool {
        switch self {
        case .connectFailed(_, _, let refused): return refused
        case .handshakeFailed(_, _, let banner): return banner
        case .jumpFailed(_, _, let underlying): return underlying.isRetryable
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .connectTimedOut(let e, let phase, let seconds):
            return "\(e): connect timed out after \(String(format: "%.1f", seconds)) s (\(phase))"
        case .connectFailed(let e, let reason, _):
            return "\(e): cannot connect: \(reason)"
        case .handshakeFailed(let e, let f, let banner):
            return banner
                ? "\(e): SSH handshake failed, the server closed the connection before its banner (sshd MaxStartups or restart?): \(f)"
                : "\(e): SSH handshake failed: \(f)"
        case .hostKeyUnknown(let e, let r):
            return "\(e): host key not known: \(r.knownHostsName) offers \(r.offeredKeyType) \(r.offeredFingerprint), "
                + "which \(r.knownHostsPath) does not list. Verify the fingerprint out of band, then add this line to "
                + "\(r.knownHostsPath): \(r.lineToAdd)   (or set host_key_policy: accept-new)"
        case .hostKeyChanged(let e, let r):
            return "\(e): HOST KEY CHANGED: \(r.knownHostsName) offers \(r.offeredKeyType) \(r.offeredFingerprint), "
                + "but known_hosts expects \(r.expected.joined(separator: "; ")). This may be an attack. If the change "
                + "is expected: \(r.removeHint), then add: \(r.lineToAdd)"
        case .hostKeyRevoked(let e, let r):
            return "\(e): host key REVOKED: \(r.knownHostsName) offers \(r.offeredKeyType) \(r.offeredFingerprint), "
                + "which is marked @revoked in \(r.expected.joined(separator: "; "))"
        case .hostKeyTypeMismatch(let e, let known, let f):
            return "\(e): the host offers none of the host key types known_hosts holds for it "
                + "(\(known.joined(separator: ", "))); its host key may have changed: \(f)"
        case .authenticationFailed(let e, let user, let detail):
            return "\(e): authentication as \(user) failed: \(detail)"
        case .channelFailed(let e, let operation, let f):
            return "\(e): \(operation) failed: \(f)"
        case .commandTimedOut(let e, let command, let seconds):
            return "\(e): command timed out after \(seconds) s: \(command)"
        case .remoteOperationFailed(let e, let operation, let detail):
            return "\(e): \(operation) failed: \(detail)"
        case .sessionClosed(let e):
            return "\(e): the SSH session is closed"
        case .hostSilent(let e, let seconds, _):
            let shownAddress = e.address.contains(":") ? "[\(e.address)]" : e.address
            return "no answer from \(e.host) (\(shownAddress)) for \(seconds) s: network or host down"
        case .sessionLost(_, let cause):
            return cause.description
        case .configInvalid(let file, let line, let message):
            return line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)"
        case .jumpFailed(let e, let jump, let underlying):
            return "\(e) via jump host \(jump): \(underlying)"
        }
    }
}

extension SSHError: RemoteFailure {}
