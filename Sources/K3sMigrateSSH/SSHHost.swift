import Foundation
import K3sMigrateCore
import Logging

/// A connected host over libssh2, one session for the whole run.
///
/// Sendable: its stored properties are immutable values plus a `SessionThread`, whose job queue
/// is lock-protected. The libssh2 session lives on that thread only; calls here enqueue a job
/// and suspend the caller's task until the thread resumes it, so no blocking call ever runs on
/// the Swift concurrency pool. Calls on one host run one after another, in call order.
public final class SSHHost: RemoteHost {
    public let name: String
    public let target: SSHTarget
    /// Findings of the connect worth showing: skipped known_hosts lines, a recorded host key.
    public let warnings: [Diagnostic]
    private let thread: SessionThread
    /// The jump sessions this host opened for itself (nil when a pool shares them).
    private let ownedJumps: JumpRegistry?
    /// The jump host the session goes through, for `reconnect`.
    private let jump: JumpHost?

    private init(target: SSHTarget, thread: SessionThread, warnings: [Diagnostic], ownedJumps: JumpRegistry?, jump: JumpHost?) {
        self.name = target.name
        self.target = target
        self.thread = thread
        self.warnings = warnings
        self.ownedJumps = ownedJumps
        self.jump = jump
    }

    deinit {
        thread.stop()
    }

    /// Connects, checks the host key and authenticates within `target.connectTimeout`.
    public static func connect(_ target: SSHTarget) async throws -> SSHHost {
        let jumps = target.jump == nil ? nil : JumpRegistry()
        do {
            return try await connect(target, jumps: jumps, ownsJumps: true)
        } catch {
            await jumps?.closeAll()
            throw error
        }
    }

    static func connect(_ target: SSHTarget, jumps: JumpRegistry?, ownsJumps: Bool) async throws -> SSHHost {
        let meta: Logger.Metadata = ["host": "\(target.name)"]
        let via = target.jump.map { " via jump host \($0.name)" } ?? ""
        SSHLog.logger.debug("connecting to \(target.user)@\(target.endpoint)\(via) (timeout \(Int(target.connectTimeout)) s, known_hosts \(target.knownHostsPath))", metadata: meta)
        let started = Deadline.now()
        do {
            let host = try await connectOnce(target, jumps: jumps, ownsJumps: ownsJumps)
            SSHLog.logger.debug("connected: host key verified, authenticated as \(target.user)\(target.become == nil ? "" : ", commands run through sudo -n") in \(Self.seconds(since: started))", metadata: meta)
            return host
        } catch {
            SSHLog.logger.debug("connect failed after \(Self.seconds(since: started)): \(error)", metadata: meta)
            SSHLog.logger.trace("connect error detail: \(String(reflecting: error))", metadata: meta)
            throw error
        }
    }

    private static func seconds(since start: UInt64) -> String {
        String(format: "%.2f s", Double(Deadline.now() - start) / 1e9)
    }

    private static func connectOnce(_ target: SSHTarget, jumps: JumpRegistry?, ownsJumps: Bool) async throws -> SSHHost {
        var jump: JumpHost?
        var warnings: [Diagnostic] = []
        if let jumpTarget = target.jump, let jumps {
            do {
                jump = try await jumps.jumpHost(for: jumpTarget)
            } catch let error as SSHError {
                throw SSHError.jumpFailed(target.endpoint, jump: jumpTarget.name, underlying: error)
            }
            warnings += jump?.warnings ?? []
        }
        let thread = SessionThread(name: target.name)
        let deadline = Deadline(secondsFromNow: target.connectTimeout)
        do {
            warnings += try await thread.perform { [jump] context in
                let connection = try SSHConnection.establish(target, deadline: deadline) { socketDeadline in
                    try SocketOpener.open(target, via: jump, deadline: socketDeadline)
                }
                context.connection = connection
                return connection.warnings
            }
        } catch {
            thread.stop()
            if error is SessionThreadStopped { throw SSHError.sessionClosed(target.endpoint) }
            throw error
        }
        return SSHHost(target: target, thread: thread, warnings: warnings, ownedJumps: ownsJumps ? jumps : nil, jump: jump)
    }

    /// Replaces the session, after it dropped (the host rebooted, sshd restarted), with a fresh
    /// one to the same target through the same jump host: the same host-key check against
    /// known_hosts and the same authentication as the first connect. While the host refuses,
    /// resets, drops or does not answer us, tries again (backing off up to 2 s) until `seconds`
    /// have passed; a changed host key or a refused login ends it at once. Later calls use the
    /// new session.
    public func reconnect(within seconds: Double) async throws {
        let until = Deadline(secondsFromNow: seconds)
        let meta: Logger.Metadata = ["host": "\(name)"]
        let started = Deadline.now()
        var pause = 0.25
        var attempts = 0
        while true {
            attempts += 1
            do {
                try await thread.perform { [target, jump] context in
                    let deadline = Deadline(secondsFromNow: max(0.5, min(target.connectTimeout, until.remainingSeconds)))
                    let fresh = try SSHConnection.establish(target, deadline: deadline) { socketDeadline in
                        try SocketOpener.open(target, via: jump, deadline: socketDeadline)
                    }
                    // The old session stays until a new one works: its recorded loss is what later
                    // calls report (and what tells them a new session may help).
                    context.connection?.shutdown(reason: nil)
                    context.connection = fresh
                }
                SSHLog.logger.debug("reconnected after \(Self.seconds(since: started)) (\(attempts) attempts): host key verified, authenticated as \(target.user)", metadata: meta)
                return
            } catch is SessionThreadStopped {
                throw SSHError.sessionClosed(target.endpoint)
            } catch let error as SSHError where error.mayComeBack && !until.hasPassed {
                SSHLog.logger.debug("reconnect attempt \(attempts) failed: \(error)", metadata: meta)
                try? await Task.sleep(nanoseconds: UInt64(min(pause, max(0, until.remainingSeconds)) * 1e9))
                pause = min(pause * 2, 2)
            } catch {
                SSHLog.logger.debug("reconnect failed after \(Self.seconds(since: started)): \(error)", metadata: meta)
                throw error
            }
        }
    }

    public func run(_ command: ShellCommand, timeoutSeconds: Int) async throws -> CommandResult {
        try await run(command, stdin: [], timeoutSeconds: timeoutSeconds)
    }

    /// Reading stops, and the channel is closed, as soon as the output passes `maxOutputBytes`.
    public func run(_ command: ShellCommand, timeoutSeconds: Int, maxOutputBytes: Int) async throws -> CommandResult {
        try await run(command, stdin: [], timeoutSeconds: timeoutSeconds, maxOutputBytes: maxOutputBytes)
    }

    /// Runs `command` with `stdin` fed to it, then EOF. `timeoutSeconds` <= 0: no time limit.
    public func run(_ command: ShellCommand, stdin: [UInt8], timeoutSeconds: Int, maxOutputBytes: Int = .max) async throws -> CommandResult {
        let script = RemoteCommandWrapper.script(command, timeoutSeconds: timeoutSeconds, become: target.become)
        let endpoint = target.endpoint
        // `timeout` ends the command remotely; the local deadline only catches a command that ignores SIGTERM.
        let deadline = timeoutSeconds > 0 ? Deadline(secondsFromNow: Double(timeoutSeconds) + 10) : Deadline.never
        let started = Deadline.now()
        let meta: Logger.Metadata = ["host": "\(name)"]
        let result: CommandResult
        do {
            result = try await onSession { connection in
                do {
                    return try connection.execute(script, stdin: stdin, deadline: deadline, maxOutputBytes: maxOutputBytes)
                } catch is DeadlineExceeded {
                    throw SSHError.commandTimedOut(endpoint, command: Self.shortened(command), seconds: timeoutSeconds)
                }
            }
        } catch {
            SSHLog.logger.debug("$ \(Self.shortened(command)) failed after \(Self.seconds(since: started)): \(error)", metadata: meta)
            SSHLog.logger.trace("error detail: \(String(reflecting: error))", metadata: meta)
            throw error
        }
        let elapsed = Double(Deadline.now() - started) / 1e9
        let how = result.outputLimitExceeded ? "output cut past \(maxOutputBytes) bytes, channel closed"
            : result.exitSignal.map { "killed by SIG\($0)" } ?? "exit \(result.exitStatus)"
        SSHLog.logger.debug("$ \(Self.shortened(command)) -> \(how) in \(String(format: "%.2f s", elapsed))", metadata: meta)
        SSHLog.logger.trace("bytes: \(stdin.count) sent on stdin, \(result.stdout.count) stdout, \(result.stderr.count) stderr; script \(script.utf8.count) bytes", metadata: meta)
        if timeoutSeconds > 0, result.exitStatus == 124, result.exitSignal == nil, elapsed >= Double(timeoutSeconds) {
            throw SSHError.commandTimedOut(endpoint, command: Self.shortened(command), seconds: timeoutSeconds)
        }
        return result
    }

    public func readFile(_ path: String) async throws -> FileFact? {
        let result = try await run(RemoteFileScripts.read(path), timeoutSeconds: target.fileOperationTimeout)
        if result.exitStatus == RemoteFileScripts.missingStatus && result.exitSignal == nil { return nil }
        guard result.succeeded else {
            throw SSHError.remoteOperationFailed(target.endpoint, operation: "read \(path)", detail: Self.detail(result))
        }
        guard let fact = RemoteFileScripts.parseRead(result.stdout, path: path) else {
            throw SSHError.remoteOperationFailed(target.endpoint, operation: "read \(path)",
                                                 detail: "unexpected output from stat/readlink")
        }
        return fact
    }

    public func writeFile(_ path: String, content: [UInt8], mode: UInt32?, owner: String?, group: String?) async throws {
        let command = RemoteFileScripts.write(path, size: content.count, mode: mode, owner: owner, group: group)
        let result = try await run(command, stdin: content, timeoutSeconds: target.fileOperationTimeout)
        guard result.succeeded else {
            throw SSHError.remoteOperationFailed(target.endpoint, operation: "write \(path)", detail: Self.detail(result))
        }
    }

    public func close() async {
        await thread.stopAndWait()
        await ownedJumps?.closeAll()
    }

    private func onSession<T: Sendable>(_ body: @escaping @Sendable (SSHConnection) throws -> T) async throws -> T {
        let endpoint = target.endpoint
        do {
            return try await thread.perform { context in
                guard let connection = context.connection else { throw SSHError.sessionClosed(endpoint) }
                return try body(connection)
            }
        } catch is SessionThreadStopped {
            throw SSHError.sessionClosed(endpoint)
        }
    }

    private static func detail(_ result: CommandResult) -> String {
        let stderr = result.stderrText.trimmingCharacters(in: .whitespacesAndNewlines)
        let how = result.exitSignal.map { "killed by SIG\($0)" } ?? "exit status \(result.exitStatus)"
        return stderr.isEmpty ? how : "\(how): \(stderr)"
    }

    /// Commands appear in messages; keep them to one readable line.
    private static func shortened(_ command: ShellCommand) -> String {
        let text = command.description.replacingOccurrences(of: "\n", with: " ")
        return text.count > 160 ? String(text.prefix(157)) + "..." : text
    }
}
