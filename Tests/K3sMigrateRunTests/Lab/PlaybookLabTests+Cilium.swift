import Foundation
import Testing
@testable import K3sMigrateCore
@testable import K3sMigrateRun

@Suite("cilium-cleanup and uninstall playbooks on the lab", .enabled(if: LabFleet.enabled), .serialized)
struct PlaybookLabCiliumTests {
    static let userRules = ["\"ops: allow ssh\"", "\"ops: kubelet\"", "\"allow cilium metrics scrape (ops)\"",
                            "\"kubernetes forwarding rules\""]

    func firewall(_ lab: LabFleet, _ node: String) throws -> String {
        try lab.exec(node, "iptables-save; ip6tables-save").stdout
    }

    @Test("cleanup keeps nodes reachable and user rules; rollback restores the rules; without it killall cuts a node off; uninstall via k3smigrate does not")
    func cleanupAndUninstall() throws {
        let lab = try LabFleet.up("pbcil", servers: 2, agents: 2, scenario: "cilium")
        defer { lab.down() }
        let state = PlaybookLab.stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        for node in ["s1", "s2", "a1", "a2"] {
            #expect(try lab.ciliumLinks(node) == ["cilium_host", "cilium_net", "cilium_vxlan"], "\(node) has the leftovers")
        }

        // The hazard: k3s-killall.sh on a node with Cilium's links takes its uplink down.
        try lab.exec("a1", "k3s-killall.sh")
        #expect(try !lab.uplinkUp("a1"), "killall with cilium_* links present cuts a1 off")
        #expect(try lab.restartLog().contains { $0.contains(" a1 uplink-down eth0 ") })
        try lab.exec("a1", "ip link set eth0 up && systemctl start k3s-agent")

        // Unattended, without --yes: refused, nothing touched.
        let refused = try BinaryRunner.run(["apply", "-i", lab.inventoryPath, "-p", "cilium-cleanup", "--limit", "s1,a2", "--state-dir", state])
        #expect(refused.status == 1 && refused.stderr.contains("confirmation-needed"), "\(refused.stderr)")
        #expect(try lab.ciliumLinks("s1").count == 3 && firewall(lab, "s1").contains(":CILIUM_INPUT"))

        let review = try BinaryRunner.run(["plan", "-i", lab.inventoryPath, "-p", "cilium-cleanup", "--limit", "s1"])
        #expect(review.stdout.contains("[cilium-rule-kept]") && review.stdout.contains("allow cilium metrics scrape (ops)"),
                "the kept operator rule is reported\n\(review.stdout)")
        #expect(review.stdout.contains("- [filter] -A INPUT -m comment --comment \"cilium-feeder: CILIUM_INPUT\" -j CILIUM_INPUT"),
                "the plan shows which rules go")
        let before = try firewall(lab, "s1")
        let cleanup = try BinaryRunner.run(["apply", "-i", lab.inventoryPath, "-p", "cilium-cleanup", "--limit", "s1", "--yes", "--state-dir", state])
        #expect(cleanup.status == 0, "\(cleanup.stdout)\n\(cleanup.stderr)")
        let after = try firewall(lab, "s1")
        #expect(try lab.ciliumLinks("s1").isEmpty)
        #expect(!after.contains("CILIUM_") && !after.contains("cilium-feeder"))
        for rule in Self.userRules {
            #expect(after.components(separatedBy: rule).count == before.components(separatedBy: rule).count, "\(rule) kept in iptables and ip6tables")
        }
        #expect(try lab.uplinkUp("s1"))
        #expect(try lab.exec("s1", "systemctl is-active k3s").stdout == "active\n")
        let runID = try #require(PlaybookLab.lastRunID(state))
        let dumps = try lab.exec("s1", "stat -c '%a %n' /var/lib/k3smigrate/runs/\(runID)/firewall/*.rules").stdout
        #expect(dumps == "600 /var/lib/k3smigrate/runs/\(runID)/firewall/ip6tables.rules\n600 /var/lib/k3smigrate/runs/\(runID)/firewall/iptables.rules\n")

        // Idempotent, and SSH still reaches s1: a second plan over SSH has nothing to do.
        let again = try BinaryRunner.run(["plan", "-i", lab.inventoryPath, "-p", "cilium-cleanup", "--limit", "s1", "--detailed-exitcode"])
        #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")
        #expect(!again.stdout.contains("cilium-rule-kept"), "a clean host stays quiet")

        // Rollback puts every rule back from the saved dumps; the deleted links are reported as not undoable.
        let rollback = try BinaryRunner.run(["rollback", "-i", lab.inventoryPath, runID, "--state-dir", state])
        #expect(rollback.status == 4, "links can't come back: rollback incomplete\n\(rollback.stdout)\n\(rollback.stderr)")
        #expect((rollback.stdout + rollback.stderr).contains("s1/delete-link:cilium_host"))
        let restored = try firewall(lab, "s1")
        for chain in ["CILIUM_INPUT", "CILIUM_FORWARD", "CILIUM_POST_nat", "CILIUM_PRE_raw", "CILIUM_POST_mangle"] {
            #expect(restored.components(separatedBy: ":\(chain) ").count == 3, "\(chain) back in iptables and ip6tables")
        }

        // Uninstall through k3smigrate, from cron: a label picks the node, no terminal, --yes.
        let labelled = try PlaybookLab.inventory(lab, adding: ["a2": ["labels: { role: edge }"]])
        let started = Date()
        let uninstall = try BinaryRunner.run(["apply", "-i", labelled, "-p", "uninstall", "--limit", "role=edge", "--yes", "--state-dir", state])
        #expect(uninstall.status == 0, "\(uninstall.stdout)\n\(uninstall.stderr)")
        #expect(try lab.uplinkUp("a2"), "a2 keeps its uplink: links were gone before the uninstall's killall")
        #expect(try lab.ciliumLinks("a2").isEmpty)
        #expect(try lab.exec("a2", "test -e /usr/local/bin/k3s-agent-uninstall.sh || test -d /etc/rancher/k3s").status != 0, "K3s is gone from a2")
        let log = try lab.restartLog().filter { $0.contains(" a2 ") }
        #expect(log.contains { $0.contains(" a2 uninstall ") } && !log.contains { $0.contains(" a2 uplink-down ") && isAfter($0, started) })
        #expect(try lab.exec("s1", "systemctl is-active k3s").stdout == "active\n", "other nodes untouched")
        let converged = try BinaryRunner.run(["plan", "-i", labelled, "-p", "uninstall", "--limit", "role=edge", "--detailed-exitcode"])
        #expect(converged.status == 0, "\(converged.stdout)\n\(converged.stderr)")
    }

    private func isAfter(_ line: String, _ date: Date) -> Bool {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let word = line.split(separator: " ").first, let time = formatter.date(from: String(word)) else { return false }
        return time >= date
    }
}
