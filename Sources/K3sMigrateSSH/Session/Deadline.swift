import Foundation

/// A point on the monotonic clock after which a blocking step gives up.
struct Deadline: Sendable {
    private let nanoseconds: UInt64
    /// The length of the whole allowance, for messages ("after 5.0 s").
    let seconds: Double

    init(secondsFromNow seconds: Double) {
        self.seconds = seconds
        self.nanoseconds = Deadline.now() &+ UInt64(max(0, seconds) * 1_000_000_000)
    }

    static let never = Deadline(secondsFromNow: 100 * 365 * 24 * 3600)

    var hasPassed: Bool { Deadline.now() >= nanoseconds }

    /// Milliseconds left, for `poll()`; at least 0, at most `cap`.
    func remainingMilliseconds(cap: Int32 = Int32.max) -> Int32 {
        let now = Deadline.now()
        guard nanoseconds > now else { return 0 }
        let millis = (nanoseconds - now + 999_999) / 1_000_000
        return Int32(min(UInt64(cap), millis))
    }

    var remainingSeconds: Double {
        let now = Deadline.now()
        return nanoseconds > now ? Double(nanoseconds - now) / 1e9 : 0
    }

    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}

/// Thrown by waits whose deadline passed; callers turn it into an `SSHError` naming the phase.
struct DeadlineExceeded: Error {}
