import Foundation
import Testing
import K3sMigrateCore
@testable import K3sMigrateRun

/// Every test runs the generated lock commands with the real /bin/sh against a temporary directory.
@Suite("Host lock (real shell)")
struct HostLockTests {
    let path = ShellLockHost.lockPath
    let alice = LockFixtures.owner("20261128-031500-aaaa", user: "alice", controller: "ctl1", pid: 100)
    let bob = LockFixtures.owner("20261128-031700-bbbb", user: "bob", controller: "ctl2", pid: 200)

    @Test("acquire creates the directory and the lock in one command, holding the owner")
    func acquire() async throws {
        let host = try LockFixtures.host()
        let lock = try await HostLock.acquire(on: host, owner: alice, staleAfter: 600, force: false, path: path)
        #expect(lock.note == nil)
        #expect(lock.host == "s1")
        #expect(host.commands.count == 1)
        #expect(host.commands.first?.contains("set -o noclobber") == true)
        #expect(LockFixtures.owner(in: host.lockFile) == alice)
    }

    @Test("a fresh lock of another run is refused, naming user@controller, pid, run, start and heartbeat")
    func refusesLiveLock() async throws {
        let host = try LockFixtures.host()
        _ = try await HostLock.acquire(on: host, owner: alice, staleAfter: 600, force: false, path: path)
        let refusal = await #expect(throws: DiagnosticsError.self) {
            try await HostLock.acquire(on: host, owner: bob, staleAfter: 600, force: false, path: path)
        }
        let diagnostic = try #require(refusal?.diagnostics.first)
        #expect(diagnostic.rule == "locked")
        #expect(diagnostic.host == "s1")
        #expect(diagnostic.location?.file == path)
        #expect(diagnostic.message.hasPrefix("locked by alice@ctl1 pid 100, run 20261128-031500-aaaa, since "))
        #expect(diagnostic.message.contains("03:15:00 UTC (heartbeat "))
        #expect(diagnostic.message.contains(" s ago, stale after 600 s); wait, or use --force-unlock if that run is gone"))
        #expect(LockFixtures.owner(in: host.lockFile) == alice)
    }

    @Test("of many controllers racing for one host, exactly one gets the lock (noclobber is O_EXCL)")
    func onlyOneWins() async throws {
        let host = try LockFixtures.host()
        let owners = (0..<8).map { LockFixtures.owner("20261128-031500-r\($0)", pid: Int32(1000 + $0)) }
        let lockPath = path
        let winners = await withTaskGroup(of: String?.self) { group in
            for owner in owners {
                group.addTask {
                    let lock = try? await HostLock.acquire(on: host, owner: owner, staleAfter: 600, force: false, path: lockPath)
                    return lock?.owner.runID
                }
            }
            var won: [String] = []
            for await runID in group { if let runID { won.append(runID) } }
            return won
        }
        #expect(winners.count == 1)
        #expect(LockFixtures.owner(in: host.lockFile)?.runID == winners.first)
    }

    @Test("a lock not written for longer than staleAfter (host clock, file time) is replaced, with a note")
    func replacesStaleLock() async throws {
        let host = try LockFixtures.host()
        try LockFixtures.plant(alice.json(), at: host.lockFile, age: 3600)
        let lock = try await HostLock.acquire(on: host, owner: bob, staleAfter: 600, force: false, path: path)
        let note = try #require(lock.note)
        #expect(note.rule == "stale-lock-replaced")
        #expect(note.severity == .warning)
        #expect(note.host == "s1")
        #expect(note.message.contains("replaced a stale lock of alice@ctl1 pid 100, run 20261128-031500-aaaa"))
        #expect(note.message.contains("last heartbeat 60 min ago, stale after 600 s"))
        #expect(LockFixtures.owner(in: host.lockFile) == bob)
        // No helper file is left behind.
        #expect(LockFixtures.files(in: host.root + "/var/lib/k3smigrate") == ["lock"])
    }

    @Test("staleness follows the file's time on the host, not the heartbeat text written by another clock")
    func fileTimeDecides() async throws {
        let host = try LockFixtures.host()
        let skewed = alice.beating(at: Date(timeIntervalSince1970: (Date().timeIntervalSince1970 - 7200).rounded()))
        try LockFixtures.plant(skewed.json(), at: host.lockFile, age: 5)
        await #expect(throws: DiagnosticsError.self) {
            try await HostLock.acquire(on: host, owner: bob, staleAfter: 600, force: false, path: path)
        }
        #expect(LockFixtures.owner(in: host.lockFile) == skewed)
    }

    @Test("heartbeat rewrites our lock with the new time; once someone else holds it, it fails naming them")
    func heartbeat() async throws {
        let host = try LockFixtures.host()
        let lock = try await HostLock.acquire(on: host, owner: alice, staleAfter: 600, force: false, path: path)
        try LockFixtures.setAge(3000, of: host.lockFile)
        let before = try LockFixtures.modified(host.lockFile)
        let beat = LockFixtures.start.addingTimeInterval(300)
        try await lock.heartbeat(on: host, at: beat)
        #expect(LockFixtures.owner(in: host.lockFile) == alice.beating(at: beat))
        #expect(try LockFixtures.modified(host.lockFile) > before)

        try LockFixtures.plant(bob.json(), at: host.lockFile)
        let lost = await #expect(throws: DiagnosticsError.self) { try await lock.heartbeat(on: host) }
        let diagnostic = try #require(lost?.diagnostics.first)
        #expect(diagnostic.rule == "lock-lost")
        #expect(diagnostic.host == "s1")
        #expect(diagnostic.message.contains("run 20261128-031500-aaaa is no longer ours (now held by bob@ctl2 pid 200, run 20261128-031700-bbbb"))
        #expect(LockFixtures.owner(in: host.lockFile) == bob)
        #expect(LockFixtures.files(in: host.root + "/var/lib/k3smigrate") == ["lock"])
    }

    @Test("heartbeat on a removed lock reports it gone and does not recreate it")
    func heartbeatAfterRemoval() async throws {
        let host = try LockFixtures.host()
        let lock = try await HostLock.acquire(on: host, owner: alice, staleAfter: 600, force: false, path: path)
        try FileManager.default.removeItem(atPath: host.lockFile)
        let lost = await #expect(throws: DiagnosticsError.self) { try await lock.heartbeat(on: host) }
        #expect(lost?.diagnostics.first?.message.contains("the lock file is gone") == true)
        #expect(!FileManager.default.fileExists(atPath: host.lockFile))
    }

    @Test("release removes our lock only")
    func release() async throws {
        let host = try LockFixtures.host()
        let lock = try await HostLock.acquire(on: host, owner: alice, staleAfter: 600, force: false, path: path)
        #expect(try await lock.release(on: host))
        #expect(!FileManager.default.fileExists(atPath: host.lockFile))

        let again = try await HostLock.acquire(on: host, owner: alice, staleAfter: 600, force: false, path: path)
        try LockFixtures.plant(bob.json(), at: host.lockFile)
        #expect(try await again.release(on: host) == false)
        #expect(LockFixtures.owner(in: host.lockFile) == bob)
    }

    @Test("force takes a live lock and says what that breaks; the old holder then finds it lost")
    func force() async throws {
        let host = try LockFixtures.host()
        let aliceLock = try await HostLock.acquire(on: host, owner: alice, staleAfter: 600, force: false, path: path)
        let bobLock = try await HostLock.acquire(on: host, owner: bob, staleAfter: 600, force: true, path: path)
        let note = try #require(bobLock.note)
        #expect(note.rule == "lock-forced")
        #expect(note.message.contains("removed the lock of alice@ctl1 pid 100, run 20261128-031500-aaaa"))
        #expect(note.message.contains("the other run (20261128-031500-aaaa) may still be changing this host; "
            + "its rollback and resume will not see your changes"))
        #expect(LockFixtures.owner(in: host.lockFile) == bob)

        await #expect(throws: DiagnosticsError.self) { try await aliceLock.heartbeat(on: host) }
        #expect(try await aliceLock.release(on: host) == false)
        #expect(LockFixtures.owner(in: host.lockFile) == bob)
    }

    @Test("force on a free host is a plain acquire, with no note")
    func forceOnFreeHost() async throws {
        let host = try LockFixtures.host()
        let lock = try await HostLock.acquire(on: host, owner: bob, staleAfter: 600, force: true, path: path)
        #expect(lock.note == nil)
        #expect(LockFixtures.owner(in: host.lockFile) == bob)
    }

    @Test("an unreadable lock is refused while fresh and replaced once stale; an empty stale one too")
    func unreadableLocks() async throws {
        let host = try LockFixtures.host()
        try LockFixtures.plant("not json", at: host.lockFile, age: 10)
        let refusal = await #expect(throws: DiagnosticsError.self) {
            try await HostLock.acquire(on: host, owner: bob, staleAfter: 600, force: false, path: path)
        }
        #expect(refusal?.diagnostics.first?.message.contains("the lock file cannot be read") == true)

        try LockFixtures.setAge(4000, of: host.lockFile)
        let replaced = try await HostLock.acquire(on: host, owner: bob, staleAfter: 600, force: false, path: path)
        #expect(replaced.note?.message.contains("replaced a stale lock (unreadable)") == true)

        let other = try LockFixtures.host("s2")
        try LockFixtures.plant("", at: other.lockFile, age: 4000)
        let fromEmpty = try await HostLock.acquire(on: other, owner: bob, staleAfter: 600, force: false, path: path)
        #expect(fromEmpty.note?.rule == "stale-lock-replaced")
        #expect(LockFixtures.owner(in: other.lockFile) == bob)
    }

    @Test("while another controller is replacing a stale lock (LOCK.break exists), acquire refuses and leaves both alone")
    func takeoverGuard() async throws {
        let host = try LockFixtures.host()
        try LockFixtures.plant(alice.json(), at: host.lockFile, age: 4000)
        try LockFixtures.plant("", at: host.lockFile + ".break")
        let refusal = await #expect(throws: DiagnosticsError.self) {
            try await HostLock.acquire(on: host, owner: bob, staleAfter: 600, force: false, path: path)
        }
        #expect(refusal?.diagnostics.first?.rule == "locked")
        #expect(refusal?.diagnostics.first?.message.contains("replacing the stale lock right now") == true)
        #expect(LockFixtures.owner(in: host.lockFile) == alice)
        #expect(FileManager.default.fileExists(atPath: host.lockFile + ".break"))

        // --force-unlock clears the leftover guard too.
        _ = try await HostLock.acquire(on: host, owner: bob, staleAfter: 600, force: true, path: path)
        #expect(LockFixtures.files(in: host.root + "/var/lib/k3smigrate") == ["lock"])
    }

    @Test("the stale takeover swaps only if the lock is still exactly what was read")
    func takeoverComparesContent() async throws {
        let host = try LockFixtures.host()
        try LockFixtures.plant(alice.beating(at: LockFixtures.start.addingTimeInterval(60)).json(), at: host.lockFile)
        let script = HostLockScript.takeover(path: path, runID: bob.runID, expected: alice.json(), owner: bob.json())
        let reply = HostLockReply(try await host.run(script, timeoutSeconds: 10))
        #expect(reply.has(HostLockScript.changed))
        #expect(!reply.has(HostLockScript.replaced))
        #expect(LockFixtures.owner(in: host.lockFile)?.runID == alice.runID)
        #expect(LockFixtures.files(in: host.root + "/var/lib/k3smigrate") == ["lock"])
    }

    @Test("hostile owner fields and a path with spaces and quotes reach the file verbatim, running nothing")
    func hostileValues() async throws {
        let dir = try LockFixtures.temporaryDirectory("hostile")
        let host = ShellLockHost(name: "s1", root: dir)
        let odd = LockFixtures.owner("20261128-031500-evil", user: "o'brien $(touch \(dir)/pwned) `touch \(dir)/pwned2`",
                                     controller: "a b;c|d\n%s%n")
        let lockPath = dir + "/it's a \"dir\"/lock"
        let lock = try await HostLock.acquire(on: host, owner: odd, staleAfter: 600, force: false, path: lockPath)
        #expect(LockFixtures.owner(in: lockPath) == odd)
        #expect(!FileManager.default.fileExists(atPath: dir + "/pwned"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/pwned2"))
        try await lock.heartbeat(on: host)
        #expect(try await lock.release(on: host))
        #expect(!FileManager.default.fileExists(atPath: lockPath))
    }

    @Test("a lock directory that cannot be created is a host-lock error with the shell's reason")
    func cannotCreate() async throws {
        let host = try LockFixtures.host()
        try LockFixtures.plant("a file, not a directory", at: host.root + "/var/lib/k3smigrate")
        let failure = await #expect(throws: DiagnosticsError.self) {
            try await HostLock.acquire(on: host, owner: alice, staleAfter: 600, force: false, path: path)
        }
        let diagnostic = try #require(failure?.diagnostics.first)
        #expect(diagnostic.rule == "host-lock")
        #expect(diagnostic.host == "s1")
        #expect(diagnostic.message.hasPrefix("cannot take the lock: "))
        #expect(diagnostic.message.contains("mkdir"))
    }

    @Test("a transport error becomes a host-lock diagnostic naming the host")
    func transportError() async throws {
        struct Broken: Error, CustomStringConvertible { var description: String { "connection reset" } }
        let host = FakeRemoteHost(name: "a7") { _ in throw Broken() }
        let failure = await #expect(throws: DiagnosticsError.self) {
            try await HostLock.acquire(on: host, owner: alice, staleAfter: 600, force: false, path: path)
        }
        #expect(failure?.diagnostics.first?.description == "error: host a7: \(path): cannot take the lock: connection reset [host-lock]")
    }

    @Test("a lock released between our create and our look is tried again")
    func retriesWhenLockVanishes() async throws {
        let answers = AnswerQueue([
            HostLockScript.held + "\nnow=1795835700\n" + HostLockScript.content + "\n",
            HostLockScript.acquired + "\n",
        ])
        let host = FakeRemoteHost(name: "s1") { _ in answers.next() }
        let lock = try await HostLock.acquire(on: host, owner: alice, staleAfter: 600, force: false, path: path)
        #expect(lock.note == nil)
        #expect(host.commands.count == 2)
    }

    @Test("the run's own earlier attempt is named as such")
    func earlierAttempt() async throws {
        let host = try LockFixtures.host()
        try LockFixtures.plant(alice.json(), at: host.lockFile)
        let refusal = await #expect(throws: DiagnosticsError.self) {
            try await HostLock.acquire(on: host, owner: alice.beating(at: Date()), staleAfter: 600, force: false, path: path)
        }
        #expect(refusal?.diagnostics.first?.message.contains("(an earlier attempt of this run)") == true)
    }
}

/// Canned command outputs, handed out in order.
/// `@unchecked Sendable`: `answers` is only touched under `lock`.
final class AnswerQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [String]

    init(_ answers: [String]) { self.answers = answers }

    func next() -> CommandResult {
        lock.withLock {
            guard !answers.isEmpty else { return CommandResult(stderr: Array("no more answers".utf8), exitStatus: 1) }
            return CommandResult(stdout: Array(answers.removeFirst().utf8), exitStatus: 0)
        }
    }
}
