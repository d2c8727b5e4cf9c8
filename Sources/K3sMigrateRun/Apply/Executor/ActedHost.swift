import Synchronization
import K3sMigrateCore

/// A step's host, remembering whether any call may have acted on it: a command or a write that
/// ran, or that failed in a way that leaves open whether it reached the host. Reads never act.
/// A step that fails while this stays false provably never ran there, so it needs no undo (a
/// silent host whose restart never got a channel is unchanged, not "rollback incomplete").
final class ActedHost: RemoteHost {
    let base: any RemoteHost
    private let acted = Mutex(false)

    init(_ base: any RemoteHost) {
        self.base = base
    }

    var name: String { base.name }
    var mayHaveActed: Bool { acted.withLock { $0 } }

    func run(_ command: ShellCommand, timeoutSeconds: Int) async throws -> CommandResult {
        try await run(command, timeoutSeconds: timeoutSeconds, maxOutputBytes: .max)
    }

    func run(_ command: ShellCommand, timeoutSeconds: Int, maxOutputBytes: Int) async throws -> CommandResult {
        do {
            let result = try await base.run(command, timeoutSeconds: timeoutSeconds, maxOutputBytes: maxOutputBytes)
            note(nil)
            return result
        } catch {
            note(error)
            throw error
        }
    }

    func readFile(_ path: String) async throws -> FileFact? {
        try await base.readFile(path)
    }

    func writeFile(_ path: String, content: [UInt8], mode: UInt32?, owner: String?, group: String?) async throws {
        do {
            try await base.writeFile(path, content: content, mode: mode, owner: owner, group: group)
            note(nil)
        } catch {
            note(error)
            throw error
        }
    }

    func close() async {
        await base.close()
    }

    func reconnect(within seconds: Double) async throws {
        try await base.reconnect(within: seconds)
    }

    private func note(_ error: (any Error)?) {
        if let failure = error as? any RemoteFailure, failure.commandNeverStarted { return }
        acted.withLock { $0 = true }
    }

    /// True when `error` says the operation never reached the host.
    static func neverStarted(_ error: any Error) -> Bool {
        (error as? any RemoteFailure)?.commandNeverStarted ?? false
    }

    /// True when `error` says the host closed or reset the session (a reboot, an sshd restart).
    static func sessionDropped(_ error: any Error) -> Bool {
        (error as? any RemoteFailure)?.sessionDropped ?? false
    }
}
