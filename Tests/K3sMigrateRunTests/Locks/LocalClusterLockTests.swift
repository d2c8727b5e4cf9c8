import Foundation
import Testing
import K3sMigrateCore
@testable import K3sMigrateRun

@Suite("Local cluster lock")
struct LocalClusterLockTests {
    @Test("a second open of the same lock file is refused while the first holds it, naming the holder")
    func exclusiveInOneProcess() throws {
        let stateDir = try LockFixtures.temporaryDirectory()
        let holder = LockFixtures.owner(heartbeatAt: LockFixtures.start.addingTimeInterval(10))
        let first = try LocalClusterLock.acquire(owner: holder, stateDir: stateDir)
        defer { first.release() }

        let now = LockFixtures.start.addingTimeInterval(12)
        let refusal = #expect(throws: DiagnosticsError.self) {
            try LocalClusterLock.acquire(owner: LockFixtures.owner("20261128-031512-cd34", user: "alice"), stateDir: stateDir, now: now)
        }
        let diagnostic = try #require(refusal?.diagnostics.first)
        #expect(refusal?.diagnostics.count == 1)
        #expect(diagnostic.rule == "locked")
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message == "cluster prod-eu is locked by root@ctl1 pid 4242, run 20261128-031500-ab12, since 03:15:00 UTC "
            + "(heartbeat 2 s ago); wait, or see `k3smigrate runs show 20261128-031500-ab12`")
        // The refused attempt did not disturb the holder's record.
        #expect(LockFixtures.owner(in: first.path) == holder)
    }

    @Test("release lets the next run in; the file stays (emptied) and names nobody")
    func releaseHandsOver() throws {
        let stateDir = try LockFixtures.temporaryDirectory()
        let first = try LocalClusterLock.acquire(owner: LockFixtures.owner(), stateDir: stateDir)
        #expect(LocalClusterLock.holder(cluster: "prod-eu", stateDir: stateDir)?.runID == "20261128-031500-ab12")
        first.release()
        first.release()
        #expect(LockFixtures.text(first.path) == "")
        #expect(LocalClusterLock.holder(cluster: "prod-eu", stateDir: stateDir) == nil)

        let second = try LocalClusterLock.acquire(owner: LockFixtures.owner("20261128-031600-0001"), stateDir: stateDir)
        defer { second.release() }
        #expect(second.path == first.path)
        #expect(LockFixtures.owner(in: second.path)?.runID == "20261128-031600-0001")
        #expect(LocalClusterLock.holder(cluster: "prod-eu", stateDir: stateDir)?.runID == "20261128-031600-0001")
    }

    @Test("another process cannot take the lock (util-linux flock -n) until it is released")
    func excludesOtherProcesses() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/flock"))
        let stateDir = try LockFixtures.temporaryDirectory()
        let lock = try LocalClusterLock.acquire(owner: LockFixtures.owner(), stateDir: stateDir)
        let whileHeld = try await LocalShell.run("flock -n -E 42 " + ShellCommand.quote(lock.path) + " true", extraPath: "/usr/bin")
        #expect(whileHeld.exitStatus == 42)
        lock.release()
        let afterRelease = try await LocalShell.run("flock -n -E 42 " + ShellCommand.quote(lock.path) + " true", extraPath: "/usr/bin")
        #expect(afterRelease.exitStatus == 0)
    }

    @Test("dropping the last reference releases the lock")
    func deinitReleases() throws {
        let stateDir = try LockFixtures.temporaryDirectory()
        do {
            let scoped = try LocalClusterLock.acquire(owner: LockFixtures.owner(), stateDir: stateDir)
            #expect(LocalClusterLock.holder(cluster: "prod-eu", stateDir: stateDir) != nil)
            _ = scoped
        }
        #expect(LocalClusterLock.holder(cluster: "prod-eu", stateDir: stateDir) == nil)
        let again = try LocalClusterLock.acquire(owner: LockFixtures.owner(), stateDir: stateDir)
        again.release()
    }

    @Test("heartbeat rewrites the owner with the new time")
    func heartbeat() throws {
        let stateDir = try LockFixtures.temporaryDirectory()
        let lock = try LocalClusterLock.acquire(owner: LockFixtures.owner(), stateDir: stateDir)
        defer { lock.release() }
        let beat = LockFixtures.start.addingTimeInterval(95)
        try lock.heartbeat(at: beat)
        let written = try #require(LockFixtures.owner(in: lock.path))
        #expect(written.heartbeatAt == beat)
        #expect(written.startedAt == LockFixtures.start)
        #expect(lock.owner.heartbeatAt == beat)
    }

    @Test("clusters lock independently; odd names stay inside locks/; file 0600, directory 0700")
    func pathsAndModes() throws {
        let stateDir = try LockFixtures.temporaryDirectory()
        let eu = try LocalClusterLock.acquire(owner: LockFixtures.owner(cluster: "prod-eu"), stateDir: stateDir)
        let odd = try LocalClusterLock.acquire(owner: LockFixtures.owner(cluster: "../prod us/1"), stateDir: stateDir + "/")
        defer { eu.release(); odd.release() }
        #expect(eu.path == stateDir + "/locks/prod-eu.lock")
        #expect(odd.path == stateDir + "/locks/_.._prod_us_1.lock")
        #expect(LocalClusterLock.path(cluster: "", stateDir: stateDir) == stateDir + "/locks/_.lock")
        let fileMode = try FileManager.default.attributesOfItem(atPath: eu.path)[.posixPermissions] as? Int
        let dirMode = try FileManager.default.attributesOfItem(atPath: stateDir + "/locks")[.posixPermissions] as? Int
        #expect(fileMode == 0o600)
        #expect(dirMode == 0o700)
    }

    @Test("a lock whose owner is not written yet is still refused, with a plain message")
    func unwrittenOwner() throws {
        let stateDir = try LockFixtures.temporaryDirectory()
        let path = LocalClusterLock.path(cluster: "prod-eu", stateDir: stateDir)
        try FileManager.default.createDirectory(atPath: stateDir + "/locks", withIntermediateDirectories: true)
        let fd = open(path, O_CREAT | O_RDWR, 0o600)
        #expect(fd >= 0)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        let refusal = #expect(throws: DiagnosticsError.self) {
            try LocalClusterLock.acquire(owner: LockFixtures.owner(), stateDir: stateDir)
        }
        #expect(refusal?.diagnostics.first?.message.contains("locked by another k3smigrate process on this machine") == true)
    }

    @Test("the owner JSON round trips, and `current` describes this process")
    func ownerJSON() throws {
        let owner = LockFixtures.owner(user: "o'brien \"x\"", heartbeatAt: LockFixtures.start.addingTimeInterval(1.5))
        #expect(LockOwner(json: owner.json()) == owner)
        #expect(owner.json().contains("\"runID\":\"20261128-031500-ab12\""))
        #expect(LockOwner(json: "") == nil)
        #expect(LockOwner(json: "{\"user\":1}") == nil)
        let me = LockOwner.current(runID: "r1", cluster: "c")
        #expect(me.pid == getpid())
        #expect(!me.user.isEmpty && !me.controllerHost.isEmpty)
        #expect(me.heartbeatAt == me.startedAt)
    }
}
