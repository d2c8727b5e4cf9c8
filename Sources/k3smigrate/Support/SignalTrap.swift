import Dispatch
import Foundation

/// Turns SIGINT and SIGTERM into one call of `handler` (the run then stops cleanly); a second
/// signal is reported and otherwise ignored, so that rollback is never cut short.
final class SignalTrap {
    private let sources: [any DispatchSourceSignal]

    init(_ handler: @escaping @Sendable () -> Void) {
        let count = LockedValue(0)
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                let seen = count.get() + 1
                count.set(seen)
                if seen == 1 {
                    FileHandle.standardError.write(Data("\nstopping: the steps in flight finish first (signal again does not cut it short)\n".utf8))
                    handler()
                }
            }
            source.resume()
            return source
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}
