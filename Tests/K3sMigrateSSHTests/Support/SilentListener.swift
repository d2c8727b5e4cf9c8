import Foundation

/// A TCP listener on a loopback address that never accepts, so clients connect (the kernel
/// completes the handshake) and then wait for an SSH banner that never comes.
final class SilentListener {
    let host: String
    let port: Int
    private let fd: Int32

    init(host: String = "127.0.0.2") throws {
        self.host = host
        port = try FreePort.find()
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in.loopback(port: port, host: host)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            Foundation.close(fd)
            throw TestShell.Failure(command: "listen on \(host):\(port)", output: .init(status: errno, stdout: "", stderr: String(cString: strerror(errno))))
        }
    }

    func close() { _ = Foundation.close(fd) }
}
