import Foundation
import Testing
@testable import K3sMigrateCore
@testable import K3sMigrateRun

@Suite("egress-selector-mode and custom-cni playbooks on the lab", .enabled(if: LabFleet.enabled), .serialized)
struct PlaybookLabServerSettingTests {
    static let nodes = ["s1", "s2", "a1", "a2"]

    /// A value from the node's cluster record (`k3s-lab state`).
    func record(_ lab: LabFleet, _ node: String, _ key: String) throws -> String? {
        let json = try lab.exec(node, "k3s-lab state").stdout
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let value = (object?["record"] as? [String: Any])?[key]
        return value.map { "\($0)" }
    }

    func files(_ lab: LabFleet) throws -> [String: [String: LabFleet.FileState]] {
        var files: [String: [String: LabFleet.FileState]] = [:]
        for node in Self.nodes { files[node] = try lab.k3sFiles(node) }
        return files
    }

    func restartOrder(_ lab: LabFleet, since: Date) throws -> [String] {
        try lab.restarts(since: since).filter { $0.result == "ok" }.map(\.node)
    }

    @Test("--set egress-selector-mode=cluster: servers then agents restart, every node on cluster; pod refused with own IPAM; converged; rolled back")
    func egress() throws {
        let lab = try LabFleet.up("pbegr", servers: 2, agents: 2)
        defer { lab.down() }
        let state = PlaybookLab.stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let original = try files(lab)

        let ownIPAM = lab.stateDirectory + "/inventory-own-ipam.yaml"
        try (try String(contentsOfFile: lab.inventoryPath, encoding: .utf8) + "vars:\n  cni_ipam: own\n")
            .write(toFile: ownIPAM, atomically: true, encoding: .utf8)
        let pod = try BinaryRunner.run(["apply", "-i", ownIPAM, "-p", "egress-selector-mode", "--set", "egress-selector-mode=pod", "--state-dir", state])
        #expect(pod.status == 1 && pod.stderr.contains("egress-pod-with-own-ipam"), "\(pod.stderr)")
        let bad = try BinaryRunner.run(["plan", "-i", lab.inventoryPath, "-p", "egress-selector-mode", "--set", "egress-selector-mode=tunnel"])
        #expect(bad.status == 1 && bad.stderr.contains("invalid-egress-selector-mode"), "\(bad.stderr)")
        #expect(try files(lab) == original)

        let started = Date()
        let apply = try BinaryRunner.run(["apply", "-i", lab.inventoryPath, "-p", "egress-selector-mode", "--set", "egress-selector-mode=cluster",
                                          "--state-dir", state])
        #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
        let order = try restartOrder(lab, since: started)
        #expect(Array(order.prefix(2)) == ["s1", "s2"] && Set(order.dropFirst(2)) == ["a1", "a2"] && order.count == 4, "\(order)")
        for node in Self.nodes { #expect(try record(lab, node, "egress-selector-mode") == "cluster", "\(node) runs cluster mode") }
        let after = try files(lab)
        #expect(after["a1"] == original["a1"] && after["a2"] == original["a2"], "agents learn the mode: their files are untouched")
        let again = try BinaryRunner.run(["plan", "-i", lab.inventoryPath, "-p", "egress-selector-mode", "--set", "egress-selector-mode=cluster",
                                          "--detailed-exitcode"])
        #expect(again.status == 0, "converged\n\(again.stdout)")

        let runID = try #require(PlaybookLab.lastRunID(state))
        let rollback = try BinaryRunner.run(["rollback", "-i", lab.inventoryPath, runID, "--state-dir", state])
        #expect(rollback.status == 0, "\(rollback.stdout)\n\(rollback.stderr)")
        #expect(try files(lab) == original)
        for node in Self.nodes { #expect(try record(lab, node, "egress-selector-mode") == "agent", "\(node) back on agent mode") }
    }

    @Test("custom-cni: flannel none + disable-network-policy on servers, every node Ready; Calico conflist without forwarding reported; converged; rolled back")
    func customCNI() throws {
        let lab = try LabFleet.up("pbcni", servers: 2, agents: 2)
        defer { lab.down() }
        let state = PlaybookLab.stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        try lab.exec("a1", #"mkdir -p /etc/cni/net.d && printf '{"plugins": [{"type": "calico", "container_settings": {"allow_ip_forwarding": false}}]}' > /etc/cni/net.d/10-calico.conflist"#)
        try lab.exec("a2", #"mkdir -p /etc/cni/net.d && printf '{"plugins": [{"type": "calico", "container_settings": {"allow_ip_forwarding": true}}]}' > /etc/cni/net.d/10-calico.conflist"#)
        let original = try files(lab)

        let plan = try BinaryRunner.run(["plan", "-i", lab.inventoryPath, "-p", "custom-cni"])
        let warnings = (plan.stdout + plan.stderr).split(separator: "\n").filter { $0.contains("[cni-forwarding]") }
        #expect(warnings.count == 1 && warnings.first?.contains("host a1: /etc/cni/net.d/10-calico.conflist") == true, "\(plan.stdout)")

        let started = Date()
        let apply = try BinaryRunner.run(["apply", "-i", lab.inventoryPath, "-p", "custom-cni", "--state-dir", state])
        #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
        let order = try restartOrder(lab, since: started)
        #expect(Array(order.prefix(2)) == ["s1", "s2"] && Set(order.dropFirst(2)) == ["a1", "a2"] && order.count == 4, "\(order)")
        for node in Self.nodes {
            #expect(try record(lab, node, "backend") == "none", "\(node) without flannel")
        }
        for server in ["s1", "s2"] {
            let critical = try lab.exec(server, "k3s-lab state").stdout
            #expect(critical.contains("\"disable-network-policy\": \"true\""), "\(server) disables the network policy controller")
        }
        let nodes = try lab.nodes()
        for node in Self.nodes { #expect(nodes[node]?.ready == true, "\(node) Ready") }
        let again = try BinaryRunner.run(["plan", "-i", lab.inventoryPath, "-p", "custom-cni", "--detailed-exitcode"])
        #expect(again.status == 0, "converged\n\(again.stdout)")

        let runID = try #require(PlaybookLab.lastRunID(state))
        let rollback = try BinaryRunner.run(["rollback", "-i", lab.inventoryPath, runID, "--state-dir", state])
        #expect(rollback.status == 0, "\(rollback.stdout)\n\(rollback.stderr)")
        #expect(try files(lab) == original)
        for node in Self.nodes { #expect(try record(lab, node, "backend") == "vxlan", "\(node) back on vxlan") }
    }
}
