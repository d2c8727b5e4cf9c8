import Foundation
import Testing
@testable import K3sMigrateCore
@testable import K3sMigrateRun

/// Services as `systemctl edit` and INSTALL_K3S_NAME leave them (scenario `named-units`): a
/// drop-in that replaces ExecStart, Environment= drop-ins, k3s-NAME units and an OpenRC
/// k3s-NAME script, migrated over real SSH with each service addressed by its own name.
@Suite("drop-ins and INSTALL_K3S_NAME services on the lab", .enabled(if: LabFleet.enabled), .serialized)
struct NamedUnitsLabTests {
    /// Node -> the service the lab's restart log names for it.
    static let services = ["s1": "k3s.service", "s2": "k3s.service", "s3": "k3s-edge.service",
                           "a1": "k3s-worker.service", "a2": "k3s-agent.service", "a3": "k3s-batch"]

    /// The emulator's record of what a node runs (`node_args`: the flags after the subcommand).
    func record(_ lab: LabFleet, _ node: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: lab.stateDirectory + "/cluster/\(node).json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    @Test("wireguard -> wireguard-native: the drop-in edited and in effect after restart, k3s-NAME services restarted and checked by name")
    func migrateNamedUnits() throws {
        let lab = try LabFleet.up("named", servers: 3, agents: 3, scenario: "named-units")
        defer { lab.down() }
        let unitBefore = try lab.exec("s2", "cat /etc/systemd/system/k3s.service").stdout
        #expect(unitBefore.contains("'--flannel-backend=vxlan'"), "the unit's own command is not what runs")
        #expect((try record(lab, "s2")["node_args"] as? [String])?.contains("--flannel-backend=wireguard") == true,
                "the emulator runs the drop-in's ExecStart")

        let plan = try BinaryRunner.run(["plan", "-i", lab.inventoryPath, "-p", "wireguard-native"])
        #expect(plan.status == 0, "\(plan.stderr)")
        for line in ["$ systemctl restart k3s-edge", "$ systemctl restart k3s-worker", "$ rc-service k3s-batch restart",
                     "wait until k3s-edge is active and s3-edge is Ready", "wait until k3s-agent is active and a2-dropin is Ready",
                     "set flannel-backend=wireguard-native in /etc/systemd/system/k3s.service.d/10-flannel.conf"] {
            #expect(plan.stdout.contains(line), "plan shows \(line)")
        }

        let state = LabFleet.stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let started = Date()
        let apply = try BinaryRunner.run(["apply", "-i", lab.inventoryPath, "-p", "wireguard-native", "--yes", "--state-dir", state])
        #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")

        // Each node restarted once, by its own service name, onto wireguard-native.
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let restarts = try lab.restartLog().map { $0.split(separator: " ").map(String.init) }.filter { words in
            words.count >= 6 && words[2] == "restart" && words[4] == "ok" && (formatter.date(from: words[0]).map { $0 >= started } ?? false)
        }
        var seen: [String: String] = [:]
        for words in restarts { seen[words[1]] = words[3] + " " + words[5] }
        #expect(seen == Self.services.mapValues { $0 + " backend=wireguard-native" })
        #expect(restarts.count == Self.services.count, "one restart per node")

        // The drop-in was edited, the unit kept byte for byte, and what runs after the restart
        // is the drop-in's new command (systemd reads drop-ins after the unit).
        #expect(try lab.exec("s2", "cat /etc/systemd/system/k3s.service").stdout == unitBefore)
        #expect(try lab.exec("s2", "cat /etc/systemd/system/k3s.service.d/10-flannel.conf").stdout.contains("--flannel-backend=wireguard-native "))
        #expect(try record(lab, "s2")["node_args"] as? [String]
                == ["server", "--flannel-backend=wireguard-native", "--node-label=lab.k3smigrate/dropin=true"])
        #expect(try lab.exec("s3", "cat /etc/systemd/system/k3s-edge.service").stdout.contains("'--flannel-backend=wireguard-native'"))
        #expect((try record(lab, "s3")["node_args"] as? [String])?.contains("--flannel-backend=wireguard-native") == true)
        let nodes = try lab.nodes()
        for node in ["s1", "s2", "s3-edge", "a1", "a2-dropin", "a3"] {
            #expect(nodes[node]?.ready == true && nodes[node]?.backend == "wireguard", "\(node) Ready on wireguard-native")
        }

        // A drop-in changed on disk is not in effect before daemon-reload (the emulator keeps
        // systemd's loaded copy of unit and drop-ins).
        try lab.exec("s2", "echo '# touched' >> /etc/systemd/system/k3s.service.d/10-flannel.conf")
        #expect(try lab.exec("s2", "systemctl show k3s -p NeedDaemonReload --value").stdout == "yes\n")
        try lab.exec("s2", "systemctl daemon-reload")

        // A second K3s server service on s1: k3smigrate can't tell which runs, and refuses.
        try lab.exec("s1", "cp /etc/systemd/system/k3s.service /etc/systemd/system/k3s-extra.service")
        let refused = try BinaryRunner.run(["plan", "-i", lab.inventoryPath, "-p", "wireguard-native"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("host s1") && refused.stderr.contains("[unit-ambiguous]"), "\(refused.stderr)")
        #expect(refused.stderr.contains("k3s (/etc/systemd/system/k3s.service), k3s-extra (/etc/systemd/system/k3s-extra.service)"))
    }
}
