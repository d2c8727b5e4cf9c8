import Foundation
import Testing
@testable import K3sMigrateCore
@testable import K3sMigrateRun

@Suite("the facts ride along with the lock: one round trip")
struct RidingHostTests {
    func shell() throws -> ShellLockHost {
        let root = NSTemporaryDirectory() + "k3smigrate-riding-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return ShellLockHost(name: "h1", root: root)
    }

    @Test("the first command carries the rider in the same script; the rider's answer is kept for it, once")
    func rides() async throws {
        let base = try shell()
        defer { try? FileManager.default.removeItem(atPath: base.root) }
        let rider = ShellCommand.literal("echo facts; echo more >&2")
        let host = RidingHost(base: base, rider: rider)
        let first = try await host.run(ShellCommand.literal("echo locked; exit 3"), timeoutSeconds: 5)
        #expect(first.stdoutText == "locked\n")
        #expect(first.exitStatus == 3, "the first command's own status")
        #expect(base.commands.count == 1, "one round trip for both")
        let facts = try await host.run(rider, timeoutSeconds: 5)
        #expect(facts.stdoutText == "facts\n" && facts.succeeded)
        #expect(base.commands.count == 1, "the rider's answer was kept")
        _ = try await host.run(rider, timeoutSeconds: 5)
        #expect(base.commands.count == 2, "kept once only: asking again runs it")
        _ = try await host.run(ShellCommand("true"), timeoutSeconds: 5)
        #expect(base.commands.last == "true", "later commands carry nothing")
    }

    @Test("a failed rider is not kept; a first command that is the rider itself runs once, alone")
    func failedOrSame() async throws {
        let base = try shell()
        defer { try? FileManager.default.removeItem(atPath: base.root) }
        let failing = RidingHost(base: base, rider: ShellCommand.literal("echo half; exit 1"))
        _ = try await failing.run(ShellCommand("true"), timeoutSeconds: 5)
        let again = try await failing.run(ShellCommand.literal("echo half; exit 1"), timeoutSeconds: 5)
        #expect(again.exitStatus == 1)
        #expect(base.commands.count == 2, "run again, so it reports its own error")

        let same = RidingHost(base: base, rider: ShellCommand("echo", "facts"))
        let result = try await same.run(ShellCommand("echo", "facts"), timeoutSeconds: 5)
        #expect(result.stdoutText == "facts\n")
        _ = try await same.run(ShellCommand("true"), timeoutSeconds: 5)
        #expect(Array(base.commands.suffix(2)) == ["echo facts", "true"])
    }
}
