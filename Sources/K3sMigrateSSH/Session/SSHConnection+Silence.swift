import Foundation

/// A run of consecutive socket waits that brought nothing from the host.
struct QuietStretch {
    /// When the first wait of the run began (monotonic nanoseconds).
    var since: UInt64?
    /// When the last wait of the run ended.
    var lastEnded: UInt64 = 0
}

extension SSHConnection {
    /// The read deadline of a session through a jump host. Its socket is our end of a tunnel,
    /// not a TCP connection, so TCP_USER_TIMEOUT can't notice the host going silent (the jump
    /// host still answers). Keepalives there ask for a reply, so a live host sends something at
    /// least every `keepaliveInterval` while we wait; waits that bring nothing for
    /// `silenceTimeout` seconds mean the host is gone: "no answer from HOST (ADDRESS) for N s".
    /// Waits count as one stretch only when nothing else ran between them (a gap over 1 s means
    /// the session was busy, or idle between operations, and the stretch starts again).
    func noteAnswer(_ answered: Bool, waitBegan: UInt64) throws {
        guard target.jump != nil, target.keepaliveInterval > 0 else { return }
        let now = Deadline.now()
        if answered {
            quiet = QuietStretch()
            return
        }
        if quiet.since == nil || waitBegan > quiet.lastEnded + 1_000_000_000 { quiet.since = waitBegan }
        quiet.lastEnded = now
        let seconds = Double(now - (quiet.since ?? now)) / 1e9
        guard seconds >= target.silenceTimeout else { return }
        quiet = QuietStretch()
        throw SSHError.hostSilent(endpoint, seconds: Int(seconds.rounded()), commandStarted: false)
    }
}
