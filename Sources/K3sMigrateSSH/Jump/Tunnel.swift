import CLibSSH2
import Foundation

/// One `direct-tcpip` channel on a jump host's session, joined to one end of a socketpair whose
/// other end is the socket of the session to the target. Lives on the jump host's thread.
final class Tunnel {
    let channel: OpaquePointer
    /// Our end of the socketpair.
    let local: Int32
    private var toRemote = ByteQueue()
    private var toLocal = ByteQueue()
    private var localEOF = false
    private var remoteEOF = false
    private var eofSent = false
    private var localWriteClosed = false
    private(set) var failed = false
    private static let bufferLimit = 256 * 1024

    init(channel: OpaquePointer, local: Int32) {
        self.channel = channel
        self.local = local
    }

    var isFinished: Bool { failed || (localEOF && eofSent && remoteEOF && toLocal.isEmpty) }
    var hasPendingRemoteWrite: Bool { !toRemote.isEmpty }
    /// poll() events we need on the local socket.
    var localEvents: Int16 {
        var events: Int16 = 0
        if !localEOF && toRemote.count < Self.bufferLimit { events |= Int16(POLLIN) }
        if !toLocal.isEmpty { events |= Int16(POLLOUT) }
        return events
    }

    /// An EOF packet libssh2 could only partly send; see `pump(scratch:mayStartEOF:)`.
    private(set) var eofPending = false

    /// Moves whatever can move without blocking, both ways. Returns whether anything moved.
    /// libssh2 builds EOF packets on its stack, so two tunnels' EOFs sent from the same call
    /// site look alike to it: only one tunnel at a time may have one in flight (`mayStartEOF`).
    func pump(scratch: inout [UInt8], mayStartEOF: Bool) -> Bool {
        var progress = false
        if !localEOF && toRemote.count < Self.bufferLimit {
            let n = scratch.withUnsafeMutableBytes { recv(local, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                scratch.withUnsafeBytes { toRemote.append(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                progress = true
            } else if n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                localEOF = true
                progress = true
            }
        }
        while !toRemote.isEmpty {
            let n = toRemote.withUnconsumed { bytes in
                k3s_channel_write(channel, bytes.baseAddress!.assumingMemoryBound(to: CChar.self), bytes.count)
            }
            if n > 0 {
                toRemote.consume(n)
                progress = true
            } else {
                if n != Int(LibSSH2.again) { failed = true }
                break
            }
        }
        if localEOF && toRemote.isEmpty && !eofSent && (eofPending || mayStartEOF) {
            let rc = libssh2_channel_send_eof(channel)
            eofPending = rc == LibSSH2.again
            if !eofPending {
                eofSent = true
                progress = true
            }
        }
        while !remoteEOF && toLocal.count < Self.bufferLimit {
            let n = scratch.withUnsafeMutableBytes { raw in
                k3s_channel_read(channel, raw.baseAddress!.assumingMemoryBound(to: CChar.self), raw.count)
            }
            if n > 0 {
                scratch.withUnsafeBytes { toLocal.append(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                progress = true
            } else if n == 0 {
                if libssh2_channel_eof(channel) != 0 {
                    remoteEOF = true
                    progress = true
                }
                break
            } else {
                if n != Int(LibSSH2.again) {
                    remoteEOF = true
                    failed = true
                }
                break
            }
        }
        if !toLocal.isEmpty {
            let n = toLocal.withUnconsumed { send(local, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n > 0 {
                toLocal.consume(n)
                progress = true
            } else if n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR {
                failed = true
            }
        }
        if remoteEOF && toLocal.isEmpty && !localWriteClosed {
            shutdown(local, Int32(SHUT_WR))
            localWriteClosed = true
        }
        return progress
    }
}
