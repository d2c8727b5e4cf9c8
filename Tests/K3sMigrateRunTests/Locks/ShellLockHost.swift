import Foundation
import K3sMigrateCore

/// A `RemoteHost` that runs every command with the local /bin/sh, so lock tests exercise the real
/// generated shell. Paths under `fakeRoot` in a script are mapped to this host's own directory,
/// which lets several "hosts" share one lock path as real hosts do.
/// `@unchecked Sendable`: `log` is only touched under `lock`.
final class ShellLockHost: RemoteHost, @unchecked Sendable {
    static let fakeRoot = "/k3smigrate-lock-test-root"
    static let lockPath = fakeRoot + "/var/lib/k3smigrate/lock"

    let name: String
    let root: String
    private let lock = NSLock()
    private var log: [String] = []

    init(name: String, root: String) {
        self.name = name
        self.root = root
    }

    /// Where the lock really is for this host.
    var lockFile: String { root + "/var/lib/k3smigrate/lock" }
    var commands: [String] { lock.withLock { log } }

    func run(_ command: ShellCommand, timeoutSeconds: Int) async throws -> CommandResult {
        lock.withLock { log.append(command.script) }
        return try await LocalShell.run(command.script.replacingOccurrences(of: Self.fakeRoot, with: root), extraPath: "/usr/bin")
    }

    func readFile(_ path: String) async throws -> FileFact? { throw FakeRemoteHost.NotSupported() }

    func writeFile(_ path: String, content: [UInt8], mode: UInt32?, owner: String?, group: String?) async throws {
        throw FakeRemoteHost.NotSupported()
    }

    func close() async {}
}
