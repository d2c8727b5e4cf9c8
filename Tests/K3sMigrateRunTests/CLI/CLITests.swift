import Foundation
import Testing

@Suite("k3smigrate command line (built binary)")
struct CLITests {
    let inventory = BinaryRunner.repoRoot + "/inventory.example.yaml"
    let nodes = BinaryRunner.repoRoot + "/fixtures/example-nodes"

    @Test("plan of the example fleet: exit 2 with --detailed-exitcode, the diff, the order, the skip")
    func planExample() throws {
        let result = try BinaryRunner.run(["plan", "-i", inventory, "-p", "wireguard-native", "--from-dir", nodes, "--detailed-exitcode"])
        #expect(result.status == 2, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("+flannel-backend: \"wireguard-native\"   # TODO"))
        #expect(result.stdout.contains("servers, one at a time, each gated on health: s1 -> s2 -> s3"))
        #expect(result.stdout.contains("edge1: vpn-auth-file is set"))
        let plain = try BinaryRunner.run(["plan", "-i", inventory, "-p", "wireguard-native", "--from-dir", nodes])
        #expect(plain.status == 0)
    }

    @Test("plan --format json is stable across runs and parses")
    func planJSON() throws {
        let args = ["plan", "-i", inventory, "-p", "wireguard-native", "--from-dir", nodes, "--format", "json"]
        let first = try BinaryRunner.run(args)
        let second = try BinaryRunner.run(args)
        #expect(first.status == 0)
        #expect(first.stdout == second.stdout)
        let object = try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any]
        #expect((object?["steps"] as? [Any])?.isEmpty == false)
    }

    @Test("plan --format dot draws the graph")
    func planDOT() throws {
        let result = try BinaryRunner.run(["plan", "-i", inventory, "-p", "wireguard-native", "--from-dir", nodes, "--format", "dot"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"s1/health\" -> \"s2/restart\";"))
    }

    @Test("a refused plan exits 1 and names host, file and line on stderr")
    func refusedPlan() throws {
        let dir = try copyOfExampleNodes()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "flannel-backend: wireguard\nnode-label: [unclosed\n".write(toFile: dir + "/s2/etc/rancher/k3s/config.yaml", atomically: true, encoding: .utf8)
        try "k3s_version: v1.25.16+k3s4\nkernel_modules: []\n".write(toFile: dir + "/a3/facts.yaml", atomically: true, encoding: .utf8)
        let result = try BinaryRunner.run(["plan", "-i", inventory, "-p", "wireguard-native", "--from-dir", dir, "--detailed-exitcode"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("host s2: /etc/rancher/k3s/config.yaml:"))
        #expect(result.stderr.contains("invalid-yaml"))
        #expect(result.stderr.contains("host a3:") && result.stderr.contains("missing-kernel-module"))
    }

    @Test("an unknown playbook lists the built-ins")
    func unknownPlaybook() throws {
        let result = try BinaryRunner.run(["plan", "-i", inventory, "-p", "nope", "--from-dir", nodes])
        #expect(result.status == 1)
        #expect(result.stderr.contains("no built-in playbook named 'nope'"))
        #expect(result.stderr.contains("wireguard-native"))
    }

    @Test("playbooks lists one line per built-in")
    func playbooks() throws {
        let result = try BinaryRunner.run(["playbooks"])
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").contains { $0.hasPrefix("wireguard-native ") })
    }

    @Test("check of the clean example fleet: no problems, exit 0")
    func checkExample() throws {
        let result = try BinaryRunner.run(["check", "-i", inventory, "--from-dir", nodes])
        #expect(result.status == 0)
        #expect(result.stdout == "0 error(s), 0 warning(s)\n")
    }

    @Test("check reports every problem in one run with host, file and line, and exits 1")
    func checkProblems() throws {
        let dir = try copyOfExampleNodes()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "server: https://10.0.0.10:6443\nflannel-backend: vxlan\n".write(toFile: dir + "/a1/etc/rancher/k3s/config.yaml", atomically: true, encoding: .utf8)
        try "egress-selector-mode: everything\n".write(toFile: dir + "/s3/etc/rancher/k3s/config.yaml", atomically: true, encoding: .utf8)
        let result = try BinaryRunner.run(["check", "-i", inventory, "--from-dir", dir])
        #expect(result.status == 1)
        #expect(result.stdout.contains("host a1: /etc/rancher/k3s/config.yaml:2:"))
        #expect(result.stdout.contains("[server-only-key-on-agent]"))
        #expect(result.stdout.contains("host s3: /etc/rancher/k3s/config.yaml:1:"))
        #expect(result.stdout.contains("[invalid-egress-selector-mode]"))
        let json = try BinaryRunner.run(["check", "-i", inventory, "--from-dir", dir, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((object?["errors"] as? Int ?? 0) >= 2)
    }

    @Test("help teaches: every command has an abstract and the exit codes are documented")
    func help() throws {
        let result = try BinaryRunner.run(["--help"])
        #expect(result.status == 0)
        for command in ["plan", "check", "facts", "playbooks"] { #expect(result.stdout.contains(command)) }
        #expect(result.stdout.contains("2 changes pending"))
        let plan = try BinaryRunner.run(["plan", "--help"])
        #expect(plan.stdout.contains("--from-dir"))
        #expect(plan.stdout.contains("--detailed-exitcode"))
    }

    @Test("a missing inventory is one clear line and exit 1")
    func missingInventory() throws {
        let result = try BinaryRunner.run(["plan", "-i", "/nonexistent/inv.yaml", "-p", "wireguard-native", "--from-dir", nodes])
        #expect(result.status == 1)
        #expect(result.stderr == "error: /nonexistent/inv.yaml: no such file [input]\n")
    }

    private func copyOfExampleNodes() throws -> String {
        let dir = NSTemporaryDirectory() + "k3smigrate-nodes-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: nodes, toPath: dir)
        return dir
    }
}
