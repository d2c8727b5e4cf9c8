/// The transport under a session: a TCP connection, or a tunnel through the jump host.
enum SocketOpener {
    static func open(_ target: SSHTarget, via jump: JumpHost?, deadline: Deadline) throws -> Int32 {
        guard let jump else {
            return try TCPConnector.connect(to: target.endpoint, deadline: deadline, userTimeoutMilliseconds: target.userTimeoutMilliseconds)
        }
        do {
            return try jump.openTunnel(to: target.endpoint, deadline: deadline)
        } catch let error as SSHError {
            switch error {
            case .jumpFailed, .connectTimedOut: throw error
            default: throw SSHError.jumpFailed(target.endpoint, jump: jump.target.name, underlying: error)
            }
        }
    }
}
