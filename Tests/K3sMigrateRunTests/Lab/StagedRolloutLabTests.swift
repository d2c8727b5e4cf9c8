import Foundation
import Testing
@testable import K3sMigrateCore
@testable import K3sMigrateRun

/// A staged rollout over real SSH: `apply --limit 's*'` migrates the servers, then a plan for the
/// agents sees (from s1's node list, gathered with the facts) that they still run the legacy
/// backend, and restarts them.
@Suite("staged rollout over real SSH on the lab", .enabled(if: LabFleet.enabled), .serialized)
struct StagedRolloutLabTests {
    @Test("servers first with --limit, then the agents' plan restarts every agent still on the old backend; offline review sees the same")
    func serversThenAgents() throws {
        let lab = try LabFleet.up("staged", servers: 2, agents: 2, scenario: "wireguard-mixed")
        defer { lab.down() }
        let state = PlaybookLab.stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let base = ["-i", lab.inventoryPath, "-p", "wireguard-native"]

        let servers = try BinaryRunner.run(["apply"] + base + ["--limit", "s*", "--yes", "--state-dir", state])
        #expect(servers.status == 0, "\(servers.stdout)\n\(servers.stderr)")
        var nodes = try lab.nodes()
        #expect(nodes["s1"]?.backend == "wireguard" && nodes["s2"]?.backend == "wireguard")
        #expect(nodes["a1"]?.backend == "extension" && nodes["a2"]?.backend == "extension", "agents still on legacy wireguard")

        let plan = try BinaryRunner.run(["plan"] + base + ["--limit", "a*"])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("2 agents still run flannel backend-type extension, not wireguard-native") && plan.stdout.contains("restarting a1, a2"),
                "\(plan.stdout)")
        #expect(plan.stdout.contains("systemctl restart k3s-agent"))

        // Offline: the node list is part of the saved facts.
        let saved = NSTemporaryDirectory() + "k3smigrate-staged-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: saved) }
        let facts = try BinaryRunner.run(["facts", "-i", lab.inventoryPath, "--save", saved])
        #expect(facts.status == 0, "\(facts.stderr)")
        let offline = try BinaryRunner.run(["plan"] + base + ["--limit", "a*", "--from-dir", saved, "--format", "json"])
        #expect(offline.status == 0, "\(offline.stderr)")
        let restarts = offline.stdout.split(separator: "\n").filter { $0.contains("\"kind\": \"restart\"") }
        #expect(restarts.count == 2, "\(offline.stdout)")

        let started = Date()
        let agents = try BinaryRunner.run(["apply"] + base + ["--limit", "a*", "--yes", "--state-dir", state])
        #expect(agents.status == 0, "\(agents.stdout)\n\(agents.stderr)")
        let log = try lab.restarts(since: started)
        #expect(Set(log.map(\.node)) == ["a1", "a2"], "only the agents restart in their run")
        nodes = try lab.nodes()
        for name in ["s1", "s2", "a1", "a2"] {
            #expect(nodes[name]?.ready == true && nodes[name]?.backend == "wireguard", "\(name) Ready on wireguard-native")
        }
        let again = try BinaryRunner.run(["plan"] + base + ["--detailed-exitcode"])
        #expect(again.status == 0, "nothing left to do: \(again.stdout)")
    }
}
