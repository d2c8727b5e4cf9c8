import Foundation
import K3sMigrateCore

/// A `RemoteHost` whose commands are answered by a closure; records what ran and whether it was closed.
/// `@unchecked Sendable`: the only mutable state (`commands`, `closed`) is guarded by `lock`.
final class FakeRemoteHost: RemoteHost, @unchecked Sendable {
    struct NotSupported: Error {}

    let name: String
    private let answer: @Sendable (ShellCommand) async throws -> CommandResult
    private let lock = NSLock()
    private var log: (commands: [ShellCommand], closed: Bool) = ([], false)

    init(name: String, answer: @escaping @Sendable (ShellCommand) async throws -> CommandResult) {
        self.name = name
        self.answer = answer
    }

    var commands: [ShellCommand] { lock.withLock { log.commands } }
    var closed: Bool { lock.withLock { log.closed } }

    func run(_ command: ShellCommand, timeoutSeconds: Int) async throws -> CommandResult {
        lock.withLock { log.commands.append(command) }
        return try await answer(command)
    }

    func readFile(_ path: String) async throws -> FileFact? { throw NotSupported() }

    func writeFile(_ path: String, content: [UInt8], mode: UInt32?, owner: String?, group: String?) async throws {
        throw NotSupported()
    }

    func close() async { lock.withLock { log.closed = true } }
}

/// Runs a command line with the local /bin/sh, `extraPath` first on PATH.
enum LocalShell {
    static func run(_ script: String, extraPath: String) async throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = extraPath + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read before waiting: a full pipe would block the child.
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(stdout: Array(out), stderr: Array(err), exitStatus: process.terminationStatus)
    }
}
