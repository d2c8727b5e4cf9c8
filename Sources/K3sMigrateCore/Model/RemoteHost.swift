/// What a command printed and how it ended.
public struct CommandResult: Sendable, Hashable {
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    public var exitStatus: Int32
    /// Signal name (`TERM`, `KILL`) when the remote process was killed; exitStatus is then meaningless.
    public var exitSignal: String?
    /// stdout and stderr together passed the caller's `maxOutputBytes`: reading stopped there and
    /// the channel was closed; the output is cut and exitStatus/exitSignal are not known.
    public var outputLimitExceeded: Bool

    public init(stdout: [UInt8] = [], stderr: [UInt8] = [], exitStatus: Int32, exitSignal: String? = nil,
                outputLimitExceeded: Bool = false) {
        self.stdout = stdout
        self.stderr = stderr
        self.exitStatus = exitStatus
        self.exitSignal = exitSignal
        self.outputLimitExceeded = outputLimitExceeded
    }

    public var succeeded: Bool { exitStatus == 0 && exitSignal == nil }
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// One connected host. The SSH transport implements it over libssh2; unit tests use a fake.
/// Implementations run blocking I/O on threads of their own, never on the concurrency pool.
/// Commands run as the login user, or as root through `sudo -n` when the host says `become: sudo`.
public protocol RemoteHost: Sendable {
    var name: String { get }
    /// Runs `command` under `sh -c`, killing it remotely (via `timeout`) after `timeoutSeconds`.
    func run(_ command: ShellCommand, timeoutSeconds: Int) async throws -> CommandResult
    /// As `run`, but stops reading once stdout and stderr together pass `maxOutputBytes` (a reply
    /// a hostile node makes huge): the result then has `outputLimitExceeded`.
    func run(_ command: ShellCommand, timeoutSeconds: Int, maxOutputBytes: Int) async throws -> CommandResult
    /// Reads a file with its mode, owner and group; follows a symlink and records its target.
    /// Returns nil when the file does not exist.
    func readFile(_ path: String) async throws -> FileFact?
    /// Writes atomically: temp file in the same directory, fsync, chown/chmod, rename over `path`.
    /// Keeps the existing owner and mode unless `mode`/`owner`/`group` say otherwise.
    func writeFile(_ path: String, content: [UInt8], mode: UInt32?, owner: String?, group: String?) async throws
    /// Ends the session.
    func close() async
    /// Replaces a session that dropped (the host rebooted, sshd restarted) with a fresh one to
    /// the same host, with the same host-key check, trying for at most `seconds`.
    func reconnect(within seconds: Double) async throws
}

/// Thrown by hosts that cannot open a session again.
public struct ReconnectUnsupported: Error, CustomStringConvertible {
    public let host: String
    public var description: String { "host \(host): cannot open a new session" }
}

extension RemoteHost {
    public func reconnect(within seconds: Double) async throws { throw ReconnectUnsupported(host: name) }
}

extension RemoteHost {
    /// For hosts that read whole replies anyway (test doubles): the limit applied afterwards.
    public func run(_ command: ShellCommand, timeoutSeconds: Int, maxOutputBytes: Int) async throws -> CommandResult {
        var result = try await run(command, timeoutSeconds: timeoutSeconds)
        if result.stdout.count + result.stderr.count > maxOutputBytes {
            result = CommandResult(stdout: Array(result.stdout.prefix(maxOutputBytes)), exitStatus: -1, outputLimitExceeded: true)
        }
        return result
    }
}
