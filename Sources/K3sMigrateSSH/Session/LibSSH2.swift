import CLibSSH2

/// Process-wide libssh2 setup and error text.
enum LibSSH2 {
    /// Swift runs a static's initializer exactly once, thread-safely: that is the `libssh2_init` call.
    private static let initResult: Int32 = libssh2_init(0)

    static func ensureInitialized() {
        precondition(initResult == 0, "libssh2_init failed with \(initResult)")
    }

    static func lastError(_ session: OpaquePointer, code: Int32? = nil) -> LibSSH2Failure {
        var message: UnsafeMutablePointer<CChar>?
        var length: Int32 = 0
        let last = libssh2_session_last_error(session, &message, &length, 0)
        let text = message.map { String(cString: $0) } ?? "unknown error"
        return LibSSH2Failure(code: code ?? last, message: text.isEmpty ? "unknown error" : text)
    }

    static let again = Int32(LIBSSH2_ERROR_EAGAIN)
}
