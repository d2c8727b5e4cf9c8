import Foundation

/// Opens a non-blocking TCP connection within a deadline, with TCP_NODELAY, SO_KEEPALIVE and,
/// when `userTimeoutMilliseconds` > 0, TCP_USER_TIMEOUT: the kernel ends the connection once sent
/// data stays unacknowledged that long, which is how a silent (partitioned) host is noticed.
enum TCPConnector {
    static func connect(to endpoint: SSHEndpoint, deadline: Deadline, userTimeoutMilliseconds: UInt32 = 0) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(endpoint.address, String(endpoint.port), &hints, &list)
        guard status == 0, let first = list else {
            let reason = String(cString: gai_strerror(status))
            throw SSHError.connectFailed(endpoint, reason: "cannot resolve \(endpoint.address): \(reason)", refused: false)
        }
        defer { freeaddrinfo(list) }

        var lastError = SSHError.connectFailed(endpoint, reason: "no address", refused: false)
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            candidate = info.pointee.ai_next
            do {
                return try attempt(info.pointee, endpoint: endpoint, deadline: deadline, userTimeout: userTimeoutMilliseconds)
            } catch let error as SSHError {
                lastError = error
                if case .connectTimedOut = error { throw error }
            }
        }
        throw lastError
    }

    private static func attempt(_ info: addrinfo, endpoint: SSHEndpoint, deadline: Deadline, userTimeout: UInt32) throws -> Int32 {
        let fd = socket(info.ai_family, info.ai_socktype | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue),
                        info.ai_protocol)
        guard fd >= 0 else { throw failure(endpoint, errno) }
        var keep = false
        defer { if !keep { close(fd) } }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, socklen_t(MemoryLayout<Int32>.size))
        if userTimeout > 0 {
            var milliseconds = userTimeout
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_USER_TIMEOUT, &milliseconds, socklen_t(MemoryLayout<UInt32>.size))
        }

        if Foundation.connect(fd, info.ai_addr, info.ai_addrlen) != 0 {
            guard errno == EINPROGRESS else { throw failure(endpoint, errno) }
            var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            while true {
                let ready = poll(&pfd, 1, deadline.remainingMilliseconds())
                if ready > 0 { break }
                if ready < 0 && errno == EINTR { continue }
                if ready == 0 && !deadline.hasPassed { continue }
                throw SSHError.connectTimedOut(endpoint, phase: "TCP connect", seconds: deadline.seconds)
            }
            var socketError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &length)
            guard socketError == 0 else { throw failure(endpoint, socketError) }
        }
        keep = true
        return fd
    }

    private static func failure(_ endpoint: SSHEndpoint, _ code: Int32) -> SSHError {
        .connectFailed(endpoint, reason: String(cString: strerror(code)), refused: code == ECONNREFUSED)
    }
}
