import K3sMigrateCore

/// A step's failure inside the executor: a rule name and one line that names host and file.
struct StepError: Error, Sendable {
    var rule: String
    var message: String
    var output: CommandResult?
    /// The transport said the operation never reached the host (no session, no channel).
    var neverStarted = false
    /// The host closed or reset the session under the operation (a reboot, an sshd restart).
    var sessionDropped = false

    init(_ rule: String, _ message: String, output: CommandResult? = nil) {
        self.rule = rule
        self.message = Redactor.redact(message)
        self.output = output
    }

    /// A wait that changes nothing, ended by Ctrl-C/SIGTERM: the run is interrupted, not failed.
    static let interruptedRule = "interrupted"

    /// Wraps whatever a transport threw, naming the host and what was being done.
    static func transport(_ error: any Error, host: String, doing what: String) -> StepError {
        if let stepError = error as? StepError { return stepError }
        var wrapped = StepError("transport", "host \(host): \(what) failed: \(error)")
        wrapped.neverStarted = ActedHost.neverStarted(error)
        wrapped.sessionDropped = ActedHost.sessionDropped(error)
        return wrapped
    }
}

extension StepError {
    /// After this error said the host dropped the session (a reboot, an sshd restart): a new
    /// session to the same host, within `seconds`; failing that, this error with the reason added.
    func reconnecting(_ host: any RemoteHost, within seconds: Double) async throws(StepError) {
        do {
            try await host.reconnect(within: seconds)
        } catch {
            var failed = StepError(rule, message + "; no new session within \(Int(seconds)) s: \(error)", output: output)
            failed.neverStarted = neverStarted
            throw failed
        }
    }
}
