import Foundation
import Testing
@testable import K3sMigrateCore
@testable import K3sMigrateRun

@Suite("dual-stack guard on the lab", .enabled(if: LabFleet.enabled), .serialized)
struct PlaybookLabDualStackTests {
    @Test("an IPv4-only cluster: check flags IPv6 ranges in the files; a playbook adding them is refused; nothing changes")
    func dualStackGuard() throws {
        let lab = try LabFleet.up("pbds", servers: 1, agents: 1)
        defer { lab.down() }
        let clean = try BinaryRunner.run(["check", "-i", lab.inventoryPath])
        #expect(!(clean.stdout + clean.stderr).contains("dual-stack-after-creation"), "\(clean.stdout)\n\(clean.stderr)")

        try lab.exec("s1", "mkdir -p /etc/rancher/k3s/config.yaml.d && printf '# ops: go dual-stack\\ncluster-cidr: 10.42.0.0/16,2001:cafe:42::/56\\nservice-cidr: 10.43.0.0/16,2001:cafe:43::/112\\n' > /etc/rancher/k3s/config.yaml.d/60-dual.yaml")
        let flagged = try BinaryRunner.run(["check", "-i", lab.inventoryPath])
        #expect(flagged.status == 1)
        let lines = (flagged.stdout + flagged.stderr).split(separator: "\n").filter { $0.contains("[dual-stack-after-creation]") }
        #expect(lines.count == 2, "\(flagged.stdout)\n\(flagged.stderr)")
        #expect(lines.contains { $0.contains("host s1: /etc/rancher/k3s/config.yaml.d/60-dual.yaml:2:") })
        #expect(lines.allSatisfy { $0.contains("can't be enabled on an existing cluster") })
        try lab.exec("s1", "rm /etc/rancher/k3s/config.yaml.d/60-dual.yaml")

        let playbook = lab.stateDirectory + "/go-dual-stack.yaml"
        try """
            name: go-dual-stack
            summary: add IPv6 ranges
            settings:
              - key: cluster-cidr
                values: [10.42.0.0/16, "2001:cafe:42::/56"]
              - key: service-cidr
                values: [10.43.0.0/16, "2001:cafe:43::/112"]

            """.write(toFile: playbook, atomically: true, encoding: .utf8)
        let before = try lab.k3sFiles("s1")
        let started = Date()
        let state = PlaybookLab.stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let refused = try BinaryRunner.run(["apply", "-i", lab.inventoryPath, "-p", playbook, "--state-dir", state])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("host s1: \(playbook):4:") && refused.stderr.contains("[dual-stack-after-creation]"), "\(refused.stderr)")
        #expect(try lab.k3sFiles("s1") == before && lab.restarts(since: started).isEmpty, "nothing touched")
    }
}
