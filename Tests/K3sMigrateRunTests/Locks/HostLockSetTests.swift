import Foundation
import Testing
import K3sMigrateCore
@testable import K3sMigrateRun

@Suite("Host lock set and heartbeat")
struct HostLockSetTests {
    let path = ShellLockHost.lockPath
    let alice = LockFixtures.owner("20261128-031500-aaaa", user: "alice", pid: 100)
    let bob = LockFixtures.owner("20261128-031700-bbbb", user: "bob", pid: 200)

    func fleet() throws -> [ShellLockHost] { try ["s1", "s2", "a1"].map(LockFixtures.host) }

    @Test("takes the lock on every host, and release removes them all")
    func acquireAndRelease() async throws {
        let hosts = try fleet()
        let set = try await HostLockSet.acquire(on: hosts, owner: alice, staleAfter: 600, path: path)
        #expect(set.locks.map(\.host) == ["s1", "s2", "a1"])
        #expect(set.notes.isEmpty)
        for host in hosts { #expect(LockFixtures.owner(in: host.lockFile) == alice) }
        #expect(await set.release().isEmpty)
        for host in hosts { #expect(!FileManager.default.fileExists(atPath: host.lockFile)) }
    }

    @Test("all or nothing: one refusing host releases the locks already taken; the holder's lock stays")
    func allOrNothing() async throws {
        let hosts = try fleet()
        try LockFixtures.plant(bob.json(), at: hosts[1].lockFile)
        let refusal = await #expect(throws: DiagnosticsError.self) {
            try await HostLockSet.acquire(on: hosts, owner: alice, staleAfter: 600, path: path)
        }
        #expect(refusal?.diagnostics.map(\.rule) == ["locked"])
        #expect(refusal?.diagnostics.first?.host == "s2")
        #expect(!FileManager.default.fileExists(atPath: hosts[0].lockFile))
        #expect(!FileManager.default.fileExists(atPath: hosts[2].lockFile))
        #expect(LockFixtures.owner(in: hosts[1].lockFile) == bob)
    }

    @Test("notes from replaced stale locks are collected per host")
    func notes() async throws {
        let hosts = try fleet()
        try LockFixtures.plant(bob.json(), at: hosts[2].lockFile, age: 5000)
        let set = try await HostLockSet.acquire(on: hosts, owner: alice, staleAfter: 600, path: path)
        #expect(set.notes.map(\.host) == ["a1"])
        #expect(set.notes.first?.rule == "stale-lock-replaced")
        _ = await set.release()
    }

    @Test("heartbeat refreshes every lock and reports the one someone took; release leaves that one alone")
    func heartbeatAndLostLock() async throws {
        let hosts = try fleet()
        let set = try await HostLockSet.acquire(on: hosts, owner: alice, staleAfter: 600, path: path)
        let beat = LockFixtures.start.addingTimeInterval(120)
        #expect(await set.heartbeat(at: beat).isEmpty)
        for host in hosts { #expect(LockFixtures.owner(in: host.lockFile)?.heartbeatAt == beat) }

        try LockFixtures.plant(bob.json(), at: hosts[0].lockFile)
        let problems = await set.heartbeat()
        #expect(problems.map(\.rule) == ["lock-lost"])
        #expect(problems.first?.host == "s1")

        let released = await set.release()
        #expect(released.map(\.rule) == ["lock-lost"])
        #expect(released.first?.severity == .warning)
        #expect(LockFixtures.owner(in: hosts[0].lockFile) == bob)
        #expect(!FileManager.default.fileExists(atPath: hosts[1].lockFile))
    }

    @Test("the heartbeat task beats until stopped, then never again")
    func heartbeatTask() async throws {
        let beats = Counter()
        let heartbeat = LockHeartbeat(every: .milliseconds(5)) { await beats.increment() }
        var waited = 0
        while await beats.value < 3, waited < 2000 {
            try await Task.sleep(for: .milliseconds(5))
            waited += 1
        }
        #expect(await beats.value >= 3)
        await heartbeat.stop()
        let atStop = await beats.value
        try await Task.sleep(for: .milliseconds(50))
        #expect(await beats.value == atStop)
    }

    @Test("the set's heartbeat task refreshes the local lock too and reports a lost host lock")
    func heartbeatTaskReportsLoss() async throws {
        let hosts = try fleet()
        let stateDir = try LockFixtures.temporaryDirectory()
        let local = try LocalClusterLock.acquire(owner: alice, stateDir: stateDir)
        defer { local.release() }
        let set = try await HostLockSet.acquire(on: hosts, owner: alice, staleAfter: 600, path: path)
        try LockFixtures.plant(bob.json(), at: hosts[2].lockFile)

        let (reports, continuation) = AsyncStream.makeStream(of: [Diagnostic].self)
        let heartbeat = set.startHeartbeat(every: .milliseconds(10), local: local) { continuation.yield($0) }
        var iterator = reports.makeAsyncIterator()
        let first = await iterator.next()
        await heartbeat.stop()
        continuation.finish()

        #expect(first?.map(\.rule) == ["lock-lost"])
        #expect(first?.first?.host == "a1")
        let localOwner = try #require(LockFixtures.owner(in: local.path))
        #expect(localOwner.heartbeatAt != alice.heartbeatAt)
        #expect(localOwner.runID == alice.runID)
        _ = await set.release()
    }
}

actor Counter {
    private(set) var value = 0
    func increment() { value += 1 }
}
