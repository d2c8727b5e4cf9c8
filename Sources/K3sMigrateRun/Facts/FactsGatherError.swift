/// Why a host's facts could not be gathered. Messages never include file contents.
public enum FactsGatherError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The fact script did not finish (non-zero exit, signal); `detail` is the first stderr line.
    case scriptFailed(exitStatus: Int32, signal: String?, detail: String)
    /// The output lacks the start or end frame: cut short, or something else answered.
    case incompleteOutput(String)
    /// A frame that can't be decoded.
    case malformed(line: Int, reason: String)
    /// A K3s file exists but the login user can't read it.
    case unreadable(path: String)
    /// The reply is larger than `FactsGatherer.maxReplyBytes`: refused, nothing of it is used.
    /// `bytes`: what was read before reading stopped (the node may have had more to send).
    case replyTooLarge(bytes: Int, limit: Int)

    public var description: String {
        switch self {
        case .scriptFailed(let status, let signal, let detail):
            let how = signal.map { "was killed by signal \($0)" } ?? "exited with status \(status)"
            return "the fact-gathering command \(how)" + (detail.isEmpty ? "" : ": \(TerminalText.visible(Redactor.redact(detail)))")
        case .incompleteOutput(let why):
            return "the fact-gathering output is incomplete: \(why)"
        case .malformed(let line, let reason):
            return "the fact-gathering output is malformed at line \(line): \(TerminalText.visible(reason))"
        case .unreadable(let path):
            return "cannot read \(TerminalText.visible(path)) (permission denied): connect as root or set `become: sudo` in the inventory"
        case .replyTooLarge(let bytes, let limit):
            return "the fact-gathering reply passed the \(limit >> 20) MiB a host's facts can be (reading stopped after \(bytes) bytes): refusing it"
        }
    }
}
