import Foundation
import Testing
@testable import K3sMigrateCore
@testable import K3sMigrateRun

/// One test per fault an operator meets at 3 a.m. Each asserts the end state (every node
/// migrated, or every file byte for byte as before and every node Ready), the exit code and a
/// time bound. Faults already covered by `ApplyLabTests` (unreachable at preflight is a
/// preflight failure there, a server or agent failing on the new backend, SIGKILL then resume
/// or rollback, SIGINT, two controllers, a saved plan whose hosts drifted) are not repeated.
@Suite("faults end in the true state, with the true exit code, in bounded time", .enabled(if: LabFleet.enabled), .serialized)
struct FaultLabTests {
    static let servers = ["s1", "s2"]
    static let agents = ["a1", "a2", "a3"]
    static let all = servers + agents

    func snapshot(_ lab: LabFleet) throws -> [String: [String: LabFleet.FileState]] {
        var files: [String: [String: LabFleet.FileState]] = [:]
        for node in Self.all { files[node] = try lab.k3sFiles(node) }
        return files
    }

    func stateDir() -> String { NSTemporaryDirectory() + "k3smigrate-state-\(UUID().uuidString)" }

    func expectAllReadyOnOldBackend(_ lab: LabFleet) throws {
        let nodes = try lab.nodes()
        for node in Self.all {
            #expect(nodes[node]?.ready == true, "\(node) Ready")
            #expect(nodes[node]?.backend == "extension", "\(node) on legacy wireguard (annotation 'extension')")
        }
    }

    @Test("an agent partitioned mid-run (packets dropped, no RST): said in words, its untouched restart not undone, exit 3 within 60 s")
    func partitionedAgent() throws {
        let lab = try LabFleet.up("part", servers: 2, agents: 3, scenario: "wireguard-mixed", extra: ["--restart-delay", "1"])
        defer { lab.down() }
        let before = try snapshot(lab)
        let state = stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let started = Date()
        let run = try BackgroundRun(["apply", "-i", lab.inventoryPath, "-p", "wireguard-native", "--yes", "--state-dir", state,
                                     "--health-poll", "0.2"])
        #expect(try eventually(60) { try lab.restarts(since: started).contains { $0.node == "s1" && $0.result == "ok" } })
        // a3's session is idle now (its restart comes after both servers): cut it off.
        try lab.partition("a3")
        let cut = Date()
        let status = run.wait()
        let took = Date().timeIntervalSince(cut)
        try lab.heal("a3")
        #expect(status == 3, "exit 3: every change that was made is undone\n\(run.text)")
        #expect(took < 60, "ended \(Int(took)) s after the partition")
        let address = try #require(try lab.inventory().hosts.first { $0.name == "a3" }?.address)
        #expect(run.text.contains("no answer from a3 (\(address)) for ") && run.text.contains("s: network or host down"), "\(run.text)")
        #expect(run.text.contains("never started on the host: nothing to undo"), "\(run.text)")
        #expect(!run.text.contains("rollback incomplete"), "\(run.text)")
        let a3Restarts = try lab.restarts(since: started).filter { $0.node == "a3" }
        #expect(a3Restarts.isEmpty, "a3 was never restarted")
        #expect(try snapshot(lab) == before, "every file byte for byte, owner and mode included")
        try expectAllReadyOnOldBackend(lab)
    }
}
