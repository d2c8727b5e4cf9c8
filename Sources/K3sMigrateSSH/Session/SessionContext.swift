import Foundation

/// What a session thread owns: the connection, and the tunnels it carries if it is a jump host.
/// Only its own thread touches it.
final class SessionContext {
    let wakeFD: Int32
    var connection: SSHConnection?
    var tunnels: TunnelPump?

    init(wakeFD: Int32) {
        self.wakeFD = wakeFD
    }

    /// Waits for the next job, keeping the session alive (keepalives) and, for a jump host,
    /// moving tunnel bytes in the meantime.
    func idle() {
        if let tunnels, let connection {
            tunnels.pump(connection: connection, wakeFD: wakeFD)
            return
        }
        let timeout = connection?.keepaliveMilliseconds(onlyInbound: true) ?? -1
        var pfd = pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0)
        if poll(&pfd, 1, timeout) > 0 { drainWakeups() }
    }

    func drainWakeups() {
        var scratch = [UInt8](repeating: 0, count: 64)
        while read(wakeFD, &scratch, scratch.count) > 0 {}
    }

    func shutdown() {
        tunnels?.closeAll(connection: connection)
        tunnels = nil
        connection?.shutdown(reason: "k3smigrate: done")
        connection = nil
    }
}
