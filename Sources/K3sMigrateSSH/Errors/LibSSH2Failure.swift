/// A libssh2 error code with the message libssh2 gave for it.
public struct LibSSH2Failure: Sendable, Hashable, CustomStringConvertible {
    public var code: Int32
    public var message: String

    public init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) (libssh2 error \(code))" }
}
