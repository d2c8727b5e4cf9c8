import Foundation
import Testing
@testable import K3sMigrateCore
@testable import K3sMigrateRun

@Suite("multicloud playbook on the lab", .enabled(if: LabFleet.enabled), .serialized)
struct PlaybookLabMulticloudTests {
    static let nodes = ["s1", "s2", "a1"]
    static let addresses = ["s1": "198.51.100.31", "s2": "198.51.100.32", "a1": "198.51.100.41"]

    func files(_ lab: LabFleet) throws -> [String: [String: LabFleet.FileState]] {
        var files: [String: [String: LabFleet.FileState]] = [:]
        for node in Self.nodes { files[node] = try lab.k3sFiles(node) }
        return files
    }

    @Test("vxlan fleet -> multicloud: external IPs everywhere, wireguard-native, servers first; converged; rolled back; the multicloud scenario plans nothing")
    func multicloud() throws {
        let lab = try LabFleet.up("pbmcl", servers: 2, agents: 1)
        defer { lab.down() }
        for (node, address) in Self.addresses {
            try lab.exec(node, "ip link add ext0 type bridge && ip addr add \(address)/24 dev ext0 && ip link set ext0 up")
        }
        let inventory = try PlaybookLab.inventory(lab, adding: Dictionary(uniqueKeysWithValues: Self.nodes.map { ($0, ["external_ip: { interface: ext0 }"]) }))
        let state = PlaybookLab.stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let original = try files(lab)

        let missing = try BinaryRunner.run(["plan", "-i", lab.inventoryPath, "-p", "multicloud"])
        #expect(missing.status == 1 && missing.stderr.contains("external-ip-unknown"), "no external_ip in the plain inventory: refused")

        let started = Date()
        let apply = try BinaryRunner.run(["apply", "-i", inventory, "-p", "multicloud", "--state-dir", state])
        #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
        let order = try lab.restarts(since: started).filter { $0.result == "ok" }.map(\.node)
        #expect(order == ["s1", "s2", "a1"])
        let nodes = try lab.nodes(askingServer: "s2")
        for node in Self.nodes {
            #expect(nodes[node]?.ready == true && nodes[node]?.backend == "wireguard", "\(node) Ready on wireguard-native")
            let record = try lab.exec(node, "k3s-lab state").stdout
            #expect(record.contains("\"\(Self.addresses[node]!)\""), "\(node) runs with its external IP")
        }
        #expect(try lab.exec("s1", "k3s-lab state").stdout.contains("\"flannel-external-ip\": true"))
        let again = try BinaryRunner.run(["plan", "-i", inventory, "-p", "multicloud", "--detailed-exitcode"])
        #expect(again.status == 0, "converged\n\(again.stdout)")

        let runID = try #require(PlaybookLab.lastRunID(state))
        let rollback = try BinaryRunner.run(["rollback", "-i", inventory, runID, "--state-dir", state])
        #expect(rollback.status == 0, "\(rollback.stdout)\n\(rollback.stderr)")
        #expect(try files(lab) == original)
        #expect(try lab.nodes(askingServer: "s1")["a1"]?.backend == "vxlan")
    }

    @Test("the lab's multicloud scenario (unit flag on two lines, config elsewhere) is already converged")
    func scenarioConverged() throws {
        let lab = try LabFleet.up("pbmcs", servers: 2, agents: 1, scenario: "multicloud")
        defer { lab.down() }
        let inventory = try PlaybookLab.inventory(lab, adding: Dictionary(uniqueKeysWithValues: Self.nodes.map { ($0, ["external_ip: { interface: ext0 }"]) }))
        let plan = try BinaryRunner.run(["plan", "-i", inventory, "-p", "multicloud", "--detailed-exitcode"])
        #expect(plan.status == 0, "\(plan.stdout)\n\(plan.stderr)")
    }
}
