import K3sMigrateCore

/// Why a step failed: one line that names the host (and file, when there is one).
public struct StepFailure: Sendable, Hashable, CustomStringConvertible {
    public var stepID: String
    public var host: String?
    public var kind: StepKind
    /// Stable rule name: `preflight`, `drift`, `command-failed`, `health`, `secret`, `transport`...
    public var rule: String
    public var message: String
    /// The step provably never acted on its host (no command reached it): nothing to undo.
    public var neverRan: Bool

    public init(stepID: String, host: String?, kind: StepKind, rule: String, message: String, neverRan: Bool = false) {
        self.stepID = stepID
        self.host = host
        self.kind = kind
        self.rule = rule
        self.message = message
        self.neverRan = neverRan
    }

    /// As a diagnostic, which names the host itself: the message without its `host NAME: ` lead.
    public var diagnostic: Diagnostic { StepFailure.diagnostic(rule: rule, host: host, message: message) }

    static func diagnostic(rule: String, host: String?, message: String) -> Diagnostic {
        guard let host, message.hasPrefix("host \(host): ") else { return .error(rule, host: host, message) }
        return .error(rule, host: host, String(message.dropFirst("host \(host): ".count)))
    }

    public var description: String { "\(stepID): \(message)" }
}
