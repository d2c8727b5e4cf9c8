import Foundation
import K3sMigrateCore
@testable import K3sMigrateSSH
import Testing

@Suite("Reaching hosts: jump hosts, dead ports, silent servers, pools", .enabled(if: LabGate.shouldRun, LabGate.skipReason))
struct SSHReachTests {
    @Test func aTargetBehindAJumpHostWorksForCommandsAndFiles() async throws {
        try await withServer { jump in
            try await withServer { inner in
                var target = try inner.target(name: "inner")
                target.jump = try jump.target(name: "bastion")
                try await withHost(target) { host in
                    let result = try await host.run(.literal("echo $SSH_CONNECTION"), timeoutSeconds: 30)
                    // The target sees the connection coming from the jump host's sshd, not from us directly.
                    #expect(result.stdoutText.hasSuffix(" \(inner.port)\n"))
                    let big = try await host.run(.literal("head -c 3000000 /dev/zero; echo err >&2"), timeoutSeconds: 60)
                    #expect(big.stdout.count == 3_000_000)
                    #expect(big.stderrText == "err\n")
                    let path = inner.directory.file("via-jump.txt")
                    let payload = (0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 &* 13) }
                    try await host.writeFile(path, content: payload, mode: 0o600, owner: nil, group: nil)
                    #expect(try await host.readFile(path)?.content == payload)
                }
                #expect(jump.log.contains("direct-tcpip") || jump.log.contains("Accepted publickey"))
            }
        }
    }

    @Test("through a jump host, a command quiet for longer than the silence timeout is not a silent host: the keepalive replies keep it alive")
    func aQuietCommandThroughAJumpHostIsNotSilence() async throws {
        try await withServer { jump in
            try await withServer { inner in
                var target = try inner.target(name: "inner")
                target.jump = try jump.target(name: "bastion")
                target.keepaliveInterval = 1
                target.silenceTimeout = 3
                try await withHost(target) { host in
                    let started = Date()
                    let result = try await host.run(.literal("sleep 7; echo done"), timeoutSeconds: 30)
                    #expect(result.stdoutText == "done\n")
                    #expect(Date().timeIntervalSince(started) >= 7)
                    // Idle for longer than the timeout between two commands is not silence either.
                    try await Task.sleep(nanoseconds: 4_000_000_000)
                    #expect(try await host.run(.literal("echo again"), timeoutSeconds: 30).stdoutText == "again\n")
                }
            }
        }
    }

    @Test func aPoolSharesOneJumpSessionAmongManyTargets() async throws {
        try await withServer { jump in
            try await withServer { inner in
                let bastion = try jump.target(name: "bastion")
                var base = try inner.target(name: "inner")
                base.jump = bastion
                let targets = (0..<6).map { index -> SSHTarget in
                    var target = base
                    target.name = "inner-\(index)"
                    return target
                }
                let pool = SSHPool(maxParallel: 6, perJumpHost: 3, retries: 2)
                let results = await pool.connectAll(targets)
                #expect(results.count == 6)
                for (name, result) in results {
                    let host = try result.get()
                    let output = try await host.run(ShellCommand("echo", name), timeoutSeconds: 30)
                    #expect(output.stdoutText == "\(name)\n")
                }
                await pool.close()
                #expect(jump.log.components(separatedBy: "Accepted publickey").count - 1 == 1)
                #expect(inner.log.components(separatedBy: "Accepted publickey").count - 1 == 6)
            }
        }
    }

    /// Two inventory hosts behind one bastion whose jump entries check its key against different
    /// known_hosts files: each gets its own jump session, and the one whose known_hosts lacks the
    /// bastion's key is refused instead of riding the other's verified session.
    @Test func jumpSessionsAreNotSharedAcrossKnownHostsFiles() async throws {
        try await withServer { jump in
            try await withServer { inner in
                let bastion = try jump.target(name: "bastion")
                try jump.directory.write("known_hosts-copy", jump.directory.read("known_hosts"))
                try jump.directory.write("known_hosts-empty", "")
                var copy = bastion
                copy.knownHostsPath = jump.directory.file("known_hosts-copy")
                var lacking = bastion
                lacking.knownHostsPath = jump.directory.file("known_hosts-empty")
                func behind(_ jump: SSHTarget, _ name: String) throws -> SSHTarget {
                    var target = try inner.target(name: name)
                    target.jump = jump
                    return target
                }
                let pool = SSHPool(maxParallel: 1, perJumpHost: 1, retries: 0)
                let first = await pool.connectAll([try behind(bastion, "first")])
                let second = await pool.connectAll([try behind(copy, "second")])
                let refused = await pool.connectAll([try behind(lacking, "third")])
                for (name, result) in first.merging(second, uniquingKeysWith: { a, _ in a }) {
                    let output = try await result.get().run(ShellCommand("echo", name), timeoutSeconds: 30)
                    #expect(output.stdoutText == "\(name)\n")
                }
                let error = try #require(refused["third"].flatMap { result -> SSHError? in
                    if case .failure(let error) = result { return error }
                    return nil
                }, "a known_hosts without the jump host's key must be refused")
                guard case .jumpFailed(_, let name, .hostKeyUnknown) = error else {
                    Issue.record("expected jumpFailed(hostKeyUnknown), got \(error)")
                    await pool.close()
                    return
                }
                #expect(name == "bastion")
                await pool.close()
                #expect(jump.log.components(separatedBy: "Accepted publickey").count - 1 == 2, "one jump session per known_hosts file")
                #expect(try String(contentsOfFile: lacking.knownHostsPath, encoding: .utf8).isEmpty, "strict: nothing recorded")
            }
        }
    }

    @Test func aBrokenJumpHostIsNamedInTheError() async throws {
        try await withServer { inner in
            var target = try inner.target(name: "inner")
            var bastion = try inner.target(name: "bastion")
            bastion.port = try FreePort.find()
            target.jump = bastion
            let error = await connectError(target)
            guard case .jumpFailed(let endpoint, let jump, .connectFailed)? = error else {
                Issue.record("expected jumpFailed(connectFailed), got \(String(describing: error))")
                return
            }
            #expect(endpoint.host == "inner")
            #expect(jump == "bastion")
            #expect(error!.description.contains("via jump host bastion: host bastion (127.0.0.1:\(bastion.port)): cannot connect"))
        }
    }

    @Test func aClosedPortIsRefusedAndRetryable() async throws {
        let port = try FreePort.find()
        let target = SSHTarget(name: "down", address: "127.0.0.1", port: port, user: "root",
                               knownHostsPath: "/nonexistent/known_hosts", connectTimeout: 5, useAgent: false)
        let error = await connectError(target)
        guard case .connectFailed(_, let reason, let refused)? = error else {
            Issue.record("expected connectFailed, got \(String(describing: error))")
            return
        }
        #expect(refused)
        #expect(error!.isRetryable)
        #expect(reason == "Connection refused")
        #expect(error!.description == "host down (127.0.0.1:\(port)): cannot connect: Connection refused")
    }

    @Test func aServerThatNeverSendsItsBannerHitsTheConnectDeadline() async throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let target = SSHTarget(name: "mute", address: listener.host, port: listener.port, user: "root",
                               knownHostsPath: "/nonexistent/known_hosts", connectTimeout: 1, useAgent: false)
        let error = await connectError(target)
        guard case .connectTimedOut(_, let phase, let seconds)? = error else {
            Issue.record("expected connectTimedOut, got \(String(describing: error))")
            return
        }
        #expect(phase == "SSH handshake")
        #expect(seconds == 1)
        #expect(error!.description == "host mute (127.0.0.2:\(listener.port)): connect timed out after 1.0 s (SSH handshake)")
    }

    @Test func aPoolRetriesRefusedConnectionsAndReportsEachHost() async throws {
        try await withServer { server in
            let good = try server.target(name: "good")
            var bad = good
            bad.name = "bad"
            bad.port = try FreePort.find()
            let pool = SSHPool(maxParallel: 2, perJumpHost: 1, retries: 2, retryDelay: 0.01)
            let results = await pool.connectAll([good, bad])
            #expect((try? results["good"]?.get()) != nil)
            guard case .failure(let error)? = results["bad"] else {
                Issue.record("bad should have failed")
                return
            }
            #expect(error.isRetryable)
            await pool.close()
        }
    }
}
