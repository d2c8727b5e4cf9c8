import Foundation
import Testing
@testable import K3sMigrateCore
@testable import K3sMigrateRun

@Suite("refresh-external-ip playbook on the lab", .enabled(if: LabFleet.enabled), .serialized)
struct PlaybookLabExternalIPTests {
    static let nodes = ["s1", "s2", "a1"]

    func files(_ lab: LabFleet) throws -> [String: [String: LabFleet.FileState]] {
        var files: [String: [String: LabFleet.FileState]] = [:]
        for node in Self.nodes { files[node] = try lab.k3sFiles(node) }
        return files
    }

    /// The node's ExternalIP as a server's kubectl reports it.
    func externalIP(_ lab: LabFleet, _ node: String) throws -> String? {
        let json = try lab.exec("s2", "k3s kubectl get node \(node) -o json").stdout
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let addresses = (object?["status"] as? [String: Any])?["addresses"] as? [[String: Any]] ?? []
        return addresses.first { $0["type"] as? String == "ExternalIP" }?["address"] as? String
    }

    @Test("unchanged: nothing touched, exit 0; changed addresses: edited where set, reloaded, restarted in order; converged; rolled back")
    func refresh() throws {
        let lab = try LabFleet.up("pbeip", servers: 2, agents: 1, scenario: "multicloud")
        defer { lab.down() }
        let inventory = try PlaybookLab.inventory(lab, adding: Dictionary(uniqueKeysWithValues: Self.nodes.map { ($0, ["external_ip: { interface: ext0 }"]) }))
        let state = PlaybookLab.stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let original = try files(lab)

        let quiet = Date()
        let unchanged = try BinaryRunner.run(["apply", "-i", inventory, "-p", "refresh-external-ip", "--state-dir", state])
        #expect(unchanged.status == 0, "\(unchanged.stdout)\n\(unchanged.stderr)")
        #expect(try files(lab) == original && lab.restarts(since: quiet).isEmpty, "cron run on an unchanged fleet touches nothing")

        let s1Old = try #require(try externalIP(lab, "s1"))
        for node in ["s1", "a1"] {
            let octet = node == "s1" ? "201" : "221"
            try lab.exec(node, "ip addr flush dev ext0 scope global && ip addr add 198.51.100.\(octet)/24 dev ext0")
        }
        let plan = try BinaryRunner.run(["plan", "-i", inventory, "-p", "refresh-external-ip", "--detailed-exitcode"])
        #expect(plan.status == 2)
        #expect((plan.stdout + plan.stderr).contains("embedded-etcd-external-ip"), "s1 runs embedded etcd: warned")
        let started = Date()
        let apply = try BinaryRunner.run(["apply", "-i", inventory, "-p", "refresh-external-ip", "--state-dir", state])
        #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
        let after = try files(lab)
        let unit = try #require(after["s1"]?["/etc/systemd/system/k3s.service"])
        #expect(unit.content.contains("\t'--node-external-ip' \\\n\t'198.51.100.201' \\\n"), "the two-line unit flag keeps its shape")
        #expect(after["a1"]?["/etc/systemd/system/k3s-agent.service"]?.content.contains("198.51.100.221") == true)
        #expect(after["s2"] == original["s2"], "s2's address did not change: untouched")
        #expect(try externalIP(lab, "s1") == "198.51.100.201" && externalIP(lab, "a1") == "198.51.100.221")
        let restarts = try lab.restarts(since: started).map { "\($0.node) \($0.result)" }
        #expect(restarts == ["s1 begin", "s1 ok", "a1 begin", "a1 ok"], "server first, then the agent; s2 not restarted")
        let again = try BinaryRunner.run(["plan", "-i", inventory, "-p", "refresh-external-ip", "--detailed-exitcode"])
        #expect(again.status == 0, "converged\n\(again.stdout)")

        let runID = try #require(PlaybookLab.lastRunID(state))
        let rollback = try BinaryRunner.run(["rollback", "-i", inventory, runID, "--state-dir", state])
        #expect(rollback.status == 0, "\(rollback.stdout)\n\(rollback.stderr)")
        #expect(try files(lab) == original, "files back byte for byte, owner and mode")
        #expect(try externalIP(lab, "s1") == s1Old)
    }
}
