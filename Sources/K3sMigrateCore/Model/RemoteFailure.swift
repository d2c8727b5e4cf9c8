/// A transport failure that knows whether the command it carried ever reached the host. The
/// executor uses it to tell a step that provably never ran (nothing to undo) from one whose
/// outcome is unknown.
public protocol RemoteFailure: Error {
    /// True when the operation provably started nothing on the host (no session, no channel).
    var commandNeverStarted: Bool { get }
    /// True when the connection broke under the operation (closed or reset by the host, not a
    /// silence): what a reboot or an sshd restart looks like. A fresh session may reach it again.
    var sessionDropped: Bool { get }
}

extension RemoteFailure {
    public var sessionDropped: Bool { false }
}
