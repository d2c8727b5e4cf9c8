import CLibSSH2
import Foundation
import K3sMigrateCore

extension SSHConnection {
    /// Runs `script` in an exec channel: feeds `stdin` then EOF, drains stdout and stderr
    /// together, and reads the exit status and signal only after the channel has closed.
    /// Throws `DeadlineExceeded` if the deadline passes (the channel is then given up).
    /// Once stdout and stderr together pass `maxOutputBytes`, reading stops and the channel is
    /// closed: the result is cut there and says `outputLimitExceeded`.
    func execute(_ script: String, stdin: [UInt8], deadline: Deadline, maxOutputBytes: Int = .max) throws -> CommandResult {
        if let failure { throw failure }
        var started = false
        do {
            return try executeOnOpenSession(script, stdin: stdin, deadline: deadline, limit: maxOutputBytes, started: &started)
        } catch let error as SSHError {
            throw transportFailure(error, commandStarted: started)
        }
    }

    /// `started` turns true once the exec request may have reached sshd: before it, a failure
    /// provably ran nothing.
    private func executeOnOpenSession(_ script: String, stdin: [UInt8], deadline: Deadline, limit: Int,
                                      started: inout Bool) throws -> CommandResult {
        // Channels given up earlier can be freed once their command has ended.
        abandonedChannels.removeAll { libssh2_channel_free($0) != LibSSH2.again }
        let channel = try openChannel(deadline: deadline)
        defer {
            // After a passed deadline the command may still run: sshd closes the channel only
            // when it exits. Don't wait for that; free it on a later call.
            if !freeChannel(channel) { abandonedChannels.append(channel) }
        }
        let length = UInt32(script.utf8.count)
        started = true
        try channelStep(deadline, "exec request") { k3s_channel_exec(channel, script, length) }

        var result = CommandResult(exitStatus: -1)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var written = 0
        var eofSent = false
        while true {
            var progress = false
            if !eofSent {
                if written < stdin.count {
                    let n = stdin.withUnsafeBufferPointer { all in
                        all.withMemoryRebound(to: CChar.self) { chars in
                            k3s_channel_write(channel, chars.baseAddress! + written, chars.count - written)
                        }
                    }
                    if n > 0 {
                        written += n
                        progress = true
                    } else if n != Int(LibSSH2.again) {
                        // The command stopped reading (it exited or closed stdin): stop feeding it.
                        guard libssh2_channel_eof(channel) == 0 else { eofSent = true; continue }
                        throw channelError("write stdin", Int32(n))
                    }
                } else {
                    // An EAGAIN here may leave the EOF packet half sent; only this same call
                    // can finish it, so keep calling until it stops saying EAGAIN.
                    let rc = libssh2_channel_send_eof(channel)
                    if rc == 0 || (rc != LibSSH2.again && libssh2_channel_eof(channel) != 0) {
                        eofSent = true
                        progress = true
                    } else if rc != LibSSH2.again {
                        throw channelError("send EOF", rc)
                    }
                }
            }
            let out = try drain(channel, stream: 0, into: &result.stdout, buffer: &buffer, upTo: limit - result.stderr.count)
            let err = try drain(channel, stream: 1, into: &result.stderr, buffer: &buffer, upTo: limit - result.stdout.count)
            if result.stdout.count + result.stderr.count > limit {
                // Stop reading. The deferred free sends the close and waits for the node's at most
                // 0.5 s (a node that never answers can't hold the caller); what arrives meanwhile,
                // at most the channel's window, is dropped with the channel.
                result.outputLimitExceeded = true
                return result
            }
            if out.ended && err.ended && libssh2_channel_eof(channel) != 0 { break }
            if out.read || err.read { progress = true }
            if !progress { try waitForSocket(deadline: deadline) }
        }
        try channelStep(deadline, "close channel") { libssh2_channel_close(channel) }
        try channelStep(deadline, "wait for channel close") { libssh2_channel_wait_closed(channel) }
        result.exitStatus = libssh2_channel_get_exit_status(channel)
        result.exitSignal = exitSignal(channel)
        return result
    }

    /// Reads one stream until it would block, or until `output` holds more than `limit` bytes.
    /// `ended`: libssh2 reported end of data.
    private func drain(_ channel: OpaquePointer, stream: Int32, into output: inout [UInt8],
                       buffer: inout [UInt8], upTo limit: Int) throws -> (read: Bool, ended: Bool) {
        var readSomething = false
        while output.count <= limit {
            let n = buffer.withUnsafeMutableBufferPointer { raw in
                raw.withMemoryRebound(to: CChar.self) { chars in
                    stream == 0 ? k3s_channel_read(channel, chars.baseAddress, chars.count)
                        : k3s_channel_read_stderr(channel, chars.baseAddress, chars.count)
                }
            }
            if n > 0 {
                output.append(contentsOf: buffer[0..<n])
                readSomething = true
            } else if n == 0 {
                return (readSomething, true)
            } else if n == Int(LibSSH2.again) {
                return (readSomething, false)
            } else {
                throw channelError(stream == 0 ? "read stdout" : "read stderr", Int32(n))
            }
        }
        return (readSomething, false)
    }

    private func openChannel(deadline: Deadline) throws -> OpaquePointer {
        while true {
            if let channel = k3s_channel_open_session(session) { return channel }
            let code = libssh2_session_last_errno(session)
            guard code == LibSSH2.again else { throw channelError(SSHError.openChannelOperation, code) }
            try waitForSocket(deadline: deadline)
        }
    }

    private func freeChannel(_ channel: OpaquePointer) -> Bool {
        let deadline = Deadline(secondsFromNow: 0.5)
        while libssh2_channel_free(channel) == LibSSH2.again {
            guard !deadline.hasPassed else { return false }
            try? waitForSocket(deadline: deadline)
        }
        return true
    }

    private func channelStep(_ deadline: Deadline, _ operation: String, _ step: () -> Int32) throws {
        while true {
            let rc = step()
            if rc >= 0 { return }
            guard rc == LibSSH2.again else { throw channelError(operation, rc) }
            try waitForSocket(deadline: deadline)
        }
    }

    private func exitSignal(_ channel: OpaquePointer) -> String? {
        var name: UnsafeMutablePointer<CChar>?
        var length = 0
        guard libssh2_channel_get_exit_signal(channel, &name, &length, nil, nil, nil, nil) == 0, let name else { return nil }
        defer { libssh2_free(session, name) }
        return length > 0 ? String(cString: name) : nil
    }

    func channelError(_ operation: String, _ code: Int32) -> SSHError {
        .channelFailed(endpoint, operation: operation, LibSSH2.lastError(session, code: code))
    }
}
