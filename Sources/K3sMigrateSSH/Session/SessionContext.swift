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
    /// moving tunnel bytes in the meantime. It wakes only for a job, a keepalive that is due, or
    /// the socket failing (the kernel gave up on a silent host: the session is marked lost then,
    /// so the next job fails at once instead of waiting for it).
    func idle() {
        if let tunnels, let connection {
            tunnels.pump(connection: connection, wakeFD: wakeFD)
            return
        }
        var fds = [pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0)]
        var timeout: Int32 = -1
        if let connection, connection.failure == nil {
            timeout = connection.keepaliveMilliseconds(onlyInbound: true)
            // No events asked: poll() still reports an error or hang-up, which is all we want
            // here (data the server sends waits for the next job, which reads it).
            fds.append(pollfd(fd: connection.socket, events: 0, revents: 0))
        }
        guard poll(&fds, nfds_t(fds.count), timeout) > 0 else { return }
        if fds[0].revents != 0 { drainWakeups() }
        if fds.count > 1, fds[1].revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 { connection?.markLost() }
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
