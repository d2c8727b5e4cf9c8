import Foundation
import Testing
@testable import K3sMigrateCore
@testable import K3sMigrateRun

@Suite("ipv6-accept-ra and dual-stack-node-ip playbooks on the lab", .enabled(if: LabFleet.enabled), .serialized)
struct PlaybookLabNodeTuningTests {
    static let sysctlFile = "/etc/sysctl.d/90-k3s-ipv6-accept-ra.conf"

    func acceptRA(_ lab: LabFleet, _ node: String) throws -> String {
        try lab.exec(node, "sysctl -n net.ipv6.conf.all.accept_ra").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("accept_ra=2 persisted and applied on every node, no restart; converged; rollback restores value and file")
    func acceptRA() throws {
        let lab = try LabFleet.up("pbra", servers: 1, agents: 1)
        defer { lab.down() }
        let state = PlaybookLab.stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        try lab.exec("a1", "sysctl -w net.ipv6.conf.all.accept_ra=0 && printf '# ops\\nnet.ipv6.conf.all.accept_ra = 0\\n' > \(Self.sysctlFile)")
        let old = ["s1": try acceptRA(lab, "s1"), "a1": try acceptRA(lab, "a1")]
        #expect(old["a1"] == "0" && old["s1"] != "2")

        let started = Date()
        let apply = try BinaryRunner.run(["apply", "-i", lab.inventoryPath, "-p", "ipv6-accept-ra", "--state-dir", state])
        #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
        for node in ["s1", "a1"] { #expect(try acceptRA(lab, node) == "2", "\(node) applied") }
        #expect(try lab.exec("s1", "stat -c %a \(Self.sysctlFile) && cat \(Self.sysctlFile)").stdout == "644\nnet.ipv6.conf.all.accept_ra = 2\n")
        #expect(try lab.exec("a1", "cat \(Self.sysctlFile)").stdout == "# ops\nnet.ipv6.conf.all.accept_ra = 2\n", "only the line changed")
        #expect(try lab.restarts(since: started).isEmpty, "no restart")
        let again = try BinaryRunner.run(["plan", "-i", lab.inventoryPath, "-p", "ipv6-accept-ra", "--detailed-exitcode"])
        #expect(again.status == 0, "converged\n\(again.stdout)")

        let runID = try #require(PlaybookLab.lastRunID(state))
        let rollback = try BinaryRunner.run(["rollback", "-i", lab.inventoryPath, runID, "--state-dir", state])
        #expect(rollback.status == 0, "\(rollback.stdout)\n\(rollback.stderr)")
        for node in ["s1", "a1"] { #expect(try acceptRA(lab, node) == old[node], "\(node) old value back") }
        #expect(try lab.exec("s1", "test -e \(Self.sysctlFile)").status != 0, "the created file is gone")
        #expect(try lab.exec("a1", "cat \(Self.sysctlFile)").stdout == "# ops\nnet.ipv6.conf.all.accept_ra = 0\n")
    }

    @Test("kubelet-arg node-ip=0.0.0.0, then --set node-ip=::: replaced on servers and agents, servers first; converged; rolled back")
    func nodeIP() throws {
        let lab = try LabFleet.up("pbnip", servers: 2, agents: 1)
        defer { lab.down() }
        let state = PlaybookLab.stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        // The emulator does not publish kubelet flags: read what the node starts with from its files.
        func nodeArgs(_ node: String) throws -> String { try lab.k3sFiles(node).values.map(\.content).joined() }
        func ready() throws -> Bool { try lab.nodes().values.allSatisfy(\.ready) && lab.nodes().count == 3 }

        let started = Date()
        let ipv4 = try BinaryRunner.run(["apply", "-i", lab.inventoryPath, "-p", "dual-stack-node-ip", "--state-dir", state])
        #expect(ipv4.status == 0, "\(ipv4.stdout)\n\(ipv4.stderr)")
        #expect(try lab.restarts(since: started).filter { $0.result == "ok" }.map(\.node) == ["s1", "s2", "a1"])
        for node in ["s1", "s2", "a1"] { #expect(try nodeArgs(node).contains("node-ip=0.0.0.0"), "\(node) starts with node-ip=0.0.0.0") }
        #expect(try nodeArgs("a1").contains("max-pods=110"), "other kubelet-arg items kept")
        #expect(try ready())
        let afterIPv4 = try ["s1", "s2", "a1"].map { try lab.k3sFiles($0) }

        let ipv6 = try BinaryRunner.run(["apply", "-i", lab.inventoryPath, "-p", "dual-stack-node-ip", "--set", "kubelet-arg=node-ip=::",
                                         "--state-dir", state])
        #expect(ipv6.status == 0, "\(ipv6.stdout)\n\(ipv6.stderr)")
        for node in ["s1", "s2", "a1"] {
            let args = try nodeArgs(node)
            #expect(args.contains("node-ip=::") && !args.contains("node-ip=0.0.0.0"), "\(node) prefers IPv6 now")
        }
        #expect(try ready())
        let again = try BinaryRunner.run(["plan", "-i", lab.inventoryPath, "-p", "dual-stack-node-ip", "--set", "kubelet-arg=node-ip=::",
                                          "--detailed-exitcode"])
        #expect(again.status == 0, "converged\n\(again.stdout)")

        let runID = try #require(PlaybookLab.lastRunID(state))
        let rollback = try BinaryRunner.run(["rollback", "-i", lab.inventoryPath, runID, "--state-dir", state])
        #expect(rollback.status == 0, "\(rollback.stdout)\n\(rollback.stderr)")
        #expect(try ["s1", "s2", "a1"].map { try lab.k3sFiles($0) } == afterIPv4, "back to node-ip=0.0.0.0 byte for byte")
        #expect(try nodeArgs("a1").contains("node-ip=0.0.0.0"))
    }
}
