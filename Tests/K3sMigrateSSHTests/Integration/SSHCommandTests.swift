import Foundation
import K3sMigrateCore
@testable import K3sMigrateSSH
import Testing

@Suite("SSH commands against a local sshd", .enabled(if: LabGate.shouldRun, LabGate.skipReason))
struct SSHCommandTests {
    @Test func exitStatusStdoutAndStderrAreReported() async throws {
        try await withServer { server in
            try await withHost(try server.target()) { host in
                let result = try await host.run(.literal("echo out; echo err >&2; exit 3"), timeoutSeconds: 30)
                #expect(result.stdoutText == "out\n")
                #expect(result.stderrText == "err\n")
                #expect(result.exitStatus == 3)
                #expect(result.exitSignal == nil)
                let ok = try await host.run(ShellCommand("true"), timeoutSeconds: 30)
                #expect(ok.succeeded)
            }
        }
    }

    /// A reply past `maxOutputBytes` stops being read there: the channel is closed, the result is
    /// cut (at most one read buffer past the limit) and says so, and the session still works.
    @Test func outputPastTheLimitStopsReadingAndClosesTheChannel() async throws {
        try await withServer { server in
            try await withHost(try server.target()) { host in
                let limit = 1 << 20
                let started = Date()
                let cut = try await host.run(.literal("head -c 200000000 /dev/zero; echo done >&2"), timeoutSeconds: 60,
                                             maxOutputBytes: limit)
                let seconds = Date().timeIntervalSince(started)
                #expect(cut.outputLimitExceeded)
                #expect(!cut.succeeded)
                #expect(cut.stdout.count > limit - cut.stderr.count && cut.stdout.count + cut.stderr.count <= limit + 64 * 1024,
                        "read \(cut.stdout.count) + \(cut.stderr.count) bytes for a limit of \(limit)")
                #expect(seconds < 10, "200 MB would take longer; stopping at 1 MiB took \(seconds) s")
                let stderrHeavy = try await host.run(.literal("head -c 5000000 /dev/zero >&2"), timeoutSeconds: 60, maxOutputBytes: limit)
                #expect(stderrHeavy.outputLimitExceeded && stderrHeavy.stderr.count <= limit + 64 * 1024)
                let within = try await host.run(.literal("head -c 1000 /dev/zero"), timeoutSeconds: 30, maxOutputBytes: limit)
                #expect(!within.outputLimitExceeded && within.succeeded && within.stdout.count == 1000)
                let after = try await host.run(.literal("echo still here"), timeoutSeconds: 30)
                #expect(after.stdoutText == "still here\n", "the session outlives the closed channel")
            }
        }
    }

    @Test func aSignalledCommandReportsItsSignal() async throws {
        try await withServer { server in
            try await withHost(try server.target()) { host in
                let result = try await host.run(.literal("kill -TERM $$"), timeoutSeconds: 30)
                #expect(result.exitSignal == "TERM")
                #expect(!result.succeeded)
            }
        }
    }

    @Test func megabytesOnBothStreamsAreDrainedTogether() async throws {
        try await withServer { server in
            try await withHost(try server.target()) { host in
                // 3 MB on stderr while stdout is still open: more than one channel window, so
                // reading stdout to its end first would deadlock.
                let result = try await host.run(
                    .literal("head -c 5242880 /dev/zero; head -c 3000000 /dev/zero >&2; printf end"), timeoutSeconds: 60)
                #expect(result.exitStatus == 0)
                #expect(result.stdout.count == 5_242_880 + 3)
                #expect(result.stderr.count == 3_000_000)
                #expect(result.stdout.suffix(3) == Array("end".utf8))
            }
        }
    }

    @Test func stdinIsFedThenClosed() async throws {
        try await withServer { server in
            try await withHost(try server.target()) { host in
                let input = (0..<1_500_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
                let result = try await host.run(ShellCommand("cat"), stdin: input, timeoutSeconds: 60)
                #expect(result.exitStatus == 0)
                #expect(result.stdout == input)
                let empty = try await host.run(ShellCommand("wc", "-c"), timeoutSeconds: 30)
                #expect(empty.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
            }
        }
    }

    @Test func aLongCommandIsStoppedRemotelyAndTheSessionStaysUsable() async throws {
        try await withServer { server in
            try await withHost(try server.target()) { host in
                let error = await #expect(throws: SSHError.self) {
                    try await host.run(ShellCommand("sleep", "30"), timeoutSeconds: 1)
                }
                guard case .commandTimedOut(_, let command, let seconds)? = error else {
                    Issue.record("expected commandTimedOut, got \(String(describing: error))")
                    return
                }
                #expect(seconds == 1)
                #expect(command == "sleep 30")
                #expect(error?.description.contains("command timed out after 1 s") == true)
                let after = try await host.run(ShellCommand("echo", "still here"), timeoutSeconds: 30)
                #expect(after.stdoutText == "still here\n")
            }
        }
    }

    @Test func aCommandThatIgnoresSIGTERMHitsTheLocalDeadlineAndTheSessionStaysUsable() async throws {
        try await withServer { server in
            try await withHost(try server.target()) { host in
                // `timeout` can't stop a command that ignores SIGTERM; the local deadline
                // (limit + 10 s) ends the wait and the channel is dropped.
                let error = await #expect(throws: SSHError.self) {
                    try await host.run(.literal("trap '' TERM; sleep 14"), timeoutSeconds: 1)
                }
                guard case .commandTimedOut(_, _, 1)? = error else {
                    Issue.record("expected commandTimedOut, got \(String(describing: error))")
                    return
                }
                let after = try await host.run(ShellCommand("echo", "ok"), timeoutSeconds: 30)
                #expect(after.stdoutText == "ok\n")
            }
        }
    }

    @Test func manyCommandsReuseOneSession() async throws {
        try await withServer { server in
            try await withHost(try server.target()) { host in
                for index in 0..<50 {
                    let result = try await host.run(ShellCommand("echo", String(index)), timeoutSeconds: 30)
                    #expect(result.stdoutText == "\(index)\n")
                }
                #expect(server.log.components(separatedBy: "Accepted publickey").count - 1 == 1)
            }
        }
    }

    @Test func becomeSudoRunsCommandsAndFileOperationsAsRoot() async throws {
        let user = try TestUser()
        defer { user.remove() }
        try await withServer { server in
            var target = try server.target(user: TestUser.name)
            target.become = .sudo
            try await withHost(target) { host in
                let id = try await host.run(ShellCommand("id", "-un"), timeoutSeconds: 30)
                #expect(id.stdoutText == "root\n")
                let file = server.directory.file("sudo-owned")
                try TestShell.sh("printf old > \(file) && chown root:root \(file) && chmod 600 \(file)")
                try await host.writeFile(file, content: Array("new\n".utf8), mode: nil, owner: nil, group: nil)
                let fact = try #require(try await host.readFile(file))
                #expect(fact.text == "new\n")
                #expect(fact.owner == "root")
                #expect(fact.mode == 0o600)
                let signalled = try await host.run(.literal("kill -TERM $$"), timeoutSeconds: 30)
                #expect(signalled.exitSignal == "TERM")
            }
            var plain = target
            plain.become = nil
            try await withHost(plain) { host in
                let id = try await host.run(ShellCommand("id", "-un"), timeoutSeconds: 30)
                #expect(id.stdoutText == "\(TestUser.name)\n")
            }
        }
    }
}
