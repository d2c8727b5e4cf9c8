import Foundation
import Testing
@testable import K3sMigrateCore
@testable import K3sMigrateRun

@Suite("Ctrl-C during a health wait, over real SSH on the lab", .enabled(if: LabFleet.enabled), .serialized)
struct HealthInterruptLabTests {
    /// wireguard-native, but the health gate expects flannel backend-type `host-gw`: s1 restarts
    /// fine and then never passes its gate, so the run sits in a health wait for 180 s.
    static let playbook = """
        name: wireguard-native-unreachable-gate
        summary: wireguard-native with a health gate s1 never passes
        targets: all
        preflight: { kernel_modules: [wireguard], min_version: v1.23.6 }
        settings:
          - { key: flannel-backend, value: wireguard-native, when_current: [wireguard, ipsec] }
        restart: auto
        health: { timeout: 180, backend: host-gw }
        """

    @Test("SIGINT during a health wait: polling stops at once, the gate is journaled interrupted, exit 130 within 5 s with resume and rollback commands")
    func interruptHealthWait() throws {
        let lab = try LabFleet.up("hint", servers: 2, agents: 1, scenario: "wireguard-mixed")
        defer { lab.down() }
        let scratch = NSTemporaryDirectory() + "k3smigrate-hint-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let playbook = scratch + "/playbook.yaml", state = scratch + "/state"
        try Self.playbook.write(toFile: playbook, atomically: true, encoding: .utf8)
        let before = try lab.k3sFiles("s1")

        let started = Date()
        let run = try BackgroundRun(["apply", "-i", lab.inventoryPath, "-p", playbook, "--yes", "--state-dir", state, "--format", "json"])
        // In the wait: s1 restarted, its gate started and has polled for a while (backed off to 1 s).
        let waiting = try eventually(90) { run.text.contains(#""type":"step-started""#) && run.text.contains(#""step":"s1/health""#) }
        #expect(waiting, "\(run.text)")
        Thread.sleep(forTimeInterval: 3)
        let signalled = Date()
        run.process.interrupt()
        let status = run.wait()
        let took = Date().timeIntervalSince(signalled)
        #expect(status == 130, "\(run.text)")
        #expect(took < 5, "exited \(took) s after SIGINT")
        #expect(run.text.contains("--resume"), "\(run.text)")
        #expect(run.text.contains("k3smigrate rollback"), "\(run.text)")

        let runID = try #require(try FileManager.default.contentsOfDirectory(atPath: state + "/runs").first)
        let journal = try String(contentsOfFile: "\(state)/runs/\(runID)/journal.jsonl", encoding: .utf8)
        let gateEnd = try #require(journal.split(separator: "\n").first {
            $0.contains(#""type":"step-finished""#) && $0.contains(#""step":"s1/health""#)
        }, "\(journal)")
        #expect(gateEnd.contains(#""result":"interrupted""#), "\(gateEnd)")
        #expect(!journal.contains(#""type":"rollback-started""#), "an interrupted wait is not a failure: nothing is rolled back")
        #expect(journal.contains(#""outcome":"interrupted""#))
        let restarts = try lab.restarts(since: started)
        #expect(restarts.contains { $0.node == "s1" && $0.result == "ok" })
        #expect(!restarts.contains { $0.node != "s1" }, "nothing after the gate started")

        // The journal is good for the rollback it prints.
        let rollback = try BinaryRunner.run(["rollback", "-i", lab.inventoryPath, runID, "--state-dir", state])
        #expect(rollback.status == 0, "\(rollback.stdout)\n\(rollback.stderr)")
        #expect(try lab.k3sFiles("s1") == before, "s1 byte for byte as before")
    }
}
