import Foundation
import Testing

/// The command-line conventions operators expect (clig.dev, Terraform, Ansible, kubectl), checked
/// on the built binary.
@Suite("k3smigrate conventions (built binary)")
struct ConventionTests {
    let inventory = BinaryRunner.repoRoot + "/inventory.example.yaml"
    let nodes = BinaryRunner.repoRoot + "/fixtures/example-nodes"

    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    private func tempDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("k3smigrate-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("--format offers per command only what it can produce; anything else is a usage error (64)")
    func formatsPerCommand() throws {
        let check = try BinaryRunner.run(["check", "-i", inventory, "--from-dir", nodes, "--format", "dot"])
        #expect(check.status == 64)
        #expect(check.stdout.isEmpty)
        #expect(check.stderr.contains("Please provide one of 'text' and 'json'"))
        let planHelp = try BinaryRunner.run(["help", "plan"], environment: ["COLUMNS": "400"])
        #expect(planHelp.stdout.contains("(values: text, json, dot"))
        let checkHelp = try BinaryRunner.run(["help", "check"], environment: ["COLUMNS": "400"])
        #expect(checkHelp.stdout.contains("(values: text, json;"))
        let runs = try BinaryRunner.run(["runs", "--format", "json", "--state-dir", try tempDir()])
        #expect(runs.status == 0)
        #expect((try json(runs.stdout)["runs"] as? [Any])?.isEmpty == true)
        let playbooks = try BinaryRunner.run(["playbooks", "--format", "json"])
        let list = try #require(try json(playbooks.stdout)["playbooks"] as? [[String: Any]])
        #expect(list.contains { $0["name"] as? String == "wireguard-native" && $0["summary"] is String })
    }

    @Test("--format json keeps stdout JSON on errors: the diagnostics document, shaped like check's")
    func jsonOnErrors() throws {
        let missing = try BinaryRunner.run(["plan", "-i", inventory, "-p", "nope", "--from-dir", nodes, "--format", "json"])
        #expect(missing.status == 1)
        let doc = try json(missing.stdout)
        #expect(doc["errors"] as? Int == 1)
        let problem = try #require((doc["problems"] as? [[String: Any]])?.first)
        #expect(problem["rule"] as? String == "playbook")
        #expect(missing.stderr.contains("no built-in playbook named 'nope'"), "stderr keeps the human line")
        let check = try BinaryRunner.run(["check", "-i", "/nonexistent/inventory.yaml", "--format", "json"])
        #expect(check.status == 1)
        #expect(try json(check.stdout)["problems"] is [Any])
        // Usage errors too (exit 64), so a pipeline into jq never sees an empty stdout.
        let usage = try BinaryRunner.run(["plan", "-p", "wireguard-native", "--format", "json"])
        #expect(usage.status == 64)
        #expect((try json(usage.stdout)["problems"] as? [[String: Any]])?.first?["rule"] as? String == "usage")
    }

    @Test("plan JSON carries formatVersion and every warning that stderr showed")
    func planJSONWarnings() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // a2 given a1's address: the inventory reader warns on stderr.
        let text = try String(contentsOfFile: inventory, encoding: .utf8).replacingOccurrences(of: "address: 10.0.1.22", with: "address: 10.0.1.21")
        try text.write(toFile: dir + "/inventory.yaml", atomically: true, encoding: .utf8)
        let result = try BinaryRunner.run(["plan", "-i", dir + "/inventory.yaml", "-p", "wireguard-native", "--from-dir", nodes, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("inventory-duplicate-address"))
        let doc = try json(result.stdout)
        #expect(doc["formatVersion"] as? Int == 1)
        let warnings = try #require(doc["warnings"] as? [[String: Any]])
        #expect(warnings.contains { $0["rule"] as? String == "inventory-duplicate-address" })
    }

    @Test("a misspelt command, playbook or --limit host gets a suggestion")
    func suggestions() throws {
        let command = try BinaryRunner.run(["plna", "-i", inventory])
        #expect(command.status == 64)
        #expect(command.stderr.contains("unknown command 'plna'; did you mean 'plan'?"))
        let playbook = try BinaryRunner.run(["plan", "-i", inventory, "-p", "wireguard-nativ", "--from-dir", nodes])
        #expect(playbook.status == 1)
        #expect(playbook.stderr.contains("did you mean 'wireguard-native'?"))
        #expect(!playbook.stderr.contains("Usage:"))
        let limit = try BinaryRunner.run(["plan", "-i", inventory, "-p", "wireguard-native", "--from-dir", nodes, "--limit", "gpu2"])
        #expect(limit.status == 1)
        #expect(limit.stderr.contains("--limit 'gpu2' matches no host of the inventory; did you mean 'gpu1'?"))
    }

    @Test("--limit takes globs and '!' negation like Ansible")
    func limitPatterns() throws {
        let base = ["plan", "-i", inventory, "-p", "wireguard-native", "--from-dir", nodes, "--format", "json"]
        let agents = try BinaryRunner.run(base + ["--limit", "s*,a*,!a2"])
        #expect(agents.status == 0, "\(agents.stderr)")
        let steps = try #require(try json(agents.stdout)["steps"] as? [[String: Any]])
        let hosts = Set(steps.compactMap { $0["host"] as? String })
        #expect(hosts.isSuperset(of: ["s1", "s2", "s3", "a1", "a3"]))
        #expect(!hosts.contains("a2") && !hosts.contains("gpu1"))
    }

    @Test("exit 64 only for usage: no runs yet is 1 without a Usage line")
    func exitCodes() throws {
        let state = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let show = try BinaryRunner.run(["runs", "show", "last", "--state-dir", state])
        #expect(show.status == 1)
        #expect(show.stderr.contains("no runs yet"))
        #expect(!show.stderr.contains("Usage:"))
        let rollback = try BinaryRunner.run(["rollback", "-i", inventory, "--last", "--state-dir", state])
        #expect(rollback.status == 1)
        #expect(!rollback.stderr.contains("Usage:"))
        let list = try BinaryRunner.run(["runs", "--state-dir", state])
        #expect(list.status == 0)
        #expect(list.stdout.hasPrefix("no runs yet"))
    }

    @Test("colour: --color always|never, NO_COLOR, TERM=dumb, FORCE_COLOR")
    func colour() throws {
        let base = ["plan", "-i", inventory, "-p", "wireguard-native", "--from-dir", nodes]
        let escape = "\u{1B}["
        #expect(try BinaryRunner.run(base + ["--color", "always"]).stdout.contains(escape))
        #expect(!(try BinaryRunner.run(base + ["--color", "never"], environment: ["FORCE_COLOR": "1"]).stdout.contains(escape)))
        // Not a terminal: auto means no colour, unless FORCE_COLOR.
        #expect(!(try BinaryRunner.run(base, environment: ["NO_COLOR": ""]).stdout.contains(escape)))
        #expect(try BinaryRunner.run(base, environment: ["NO_COLOR": "", "FORCE_COLOR": "1"]).stdout.contains(escape))
        #expect(!(try BinaryRunner.run(base, environment: ["NO_COLOR": "", "FORCE_COLOR": "0"]).stdout.contains(escape)))
        #expect(try BinaryRunner.run(base + ["--color", "always"], environment: ["TERM": "dumb"]).stdout.contains(escape))
        let bad = try BinaryRunner.run(base + ["--color", "sometimes"])
        #expect(bad.status == 64)
        for command in ["plan", "apply", "check", "show", "rollback", "runs show"] {
            let help = try BinaryRunner.run(["help"] + command.split(separator: " ").map(String.init))
            #expect(help.stdout.contains("--color <WHEN>"), "\(command) has --color")
        }
    }

    @Test("show PLANFILE renders a saved plan like plan does")
    func showPlanFile() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/migration.plan"
        let base = ["plan", "-i", inventory, "-p", "wireguard-native", "--from-dir", nodes]
        let saved = try BinaryRunner.run(base + ["--out", file])
        #expect(saved.status == 0, "\(saved.stderr)")
        for format in ["dot", "mermaid"] {
            let shown = try BinaryRunner.run(["show", file, "--format", format])
            let planned = try BinaryRunner.run(base + ["--format", format])
            #expect(shown.status == 0)
            #expect(shown.stdout == planned.stdout, "show --format \(format) matches plan")
        }
        // A saved plan keeps no file contents (so no diffs); everything else is the same.
        func withoutDiffs(_ text: String) throws -> [[String: String]] {
            let steps = try #require(try json(text)["steps"] as? [[String: Any]])
            return steps.map { step in step.compactMapValues { $0 as? String }.filter { $0.key != "diff" } }
        }
        let shownJSON = try BinaryRunner.run(["show", file, "--format", "json"])
        #expect(try withoutDiffs(shownJSON.stdout) == withoutDiffs(try BinaryRunner.run(base + ["--format", "json"]).stdout))
        let shownText = try BinaryRunner.run(["show", file])
        #expect(shownText.stdout.contains("servers, one at a time, each gated on health: s1 -> s2 -> s3"))
        let absent = try BinaryRunner.run(["show", dir + "/absent.plan", "--format", "json"])
        #expect(absent.status == 1)
        #expect(try json(absent.stdout)["errors"] as? Int == 1)
    }

    @Test("help: EXAMPLES in every subcommand; apply does not offer --from-dir; sentences not hard-wrapped")
    func help() throws {
        for command in ["plan", "apply", "check", "facts", "show", "runs", "runs list", "runs show", "rollback", "playbooks"] {
            let help = try BinaryRunner.run(["help"] + command.split(separator: " ").map(String.init))
            #expect(help.status == 0)
            #expect(help.stdout.contains("EXAMPLES:"), "\(command) --help has EXAMPLES")
            #expect(help.stdout.contains("k3smigrate \(command.split(separator: " ")[0])"), "\(command) examples use the command")
        }
        let apply = try BinaryRunner.run(["help", "apply"])
        #expect(!apply.stdout.contains("--from-dir"))
        let fromDir = try BinaryRunner.run(["apply", "-i", inventory, "-p", "wireguard-native", "--from-dir", nodes])
        #expect(fromDir.status == 64)
        // A discussion wraps at the terminal's width, not at a fixed column in the source: at a
        // wide terminal a paragraph is one line.
        let wide = try BinaryRunner.run(["help", "check"], environment: ["COLUMNS": "400"])
        #expect(wide.stdout.contains("Reports every problem in one run, each naming host, file and line: server settings that differ between servers,"))
    }

    @Test("runs show ID: a table by default, the journal as JSON with --format json, a timeline with svg or html")
    func runsShow() throws {
        let state = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let id = "20261204-031500-ab12"
        let run = state + "/runs/" + id
        try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
        let lines = [
            #"{"type":"run-started","run":"\#(id)","time":"2026-12-04T03:15:00Z","cluster":"prod-eu","playbook":"wireguard-native","dryRun":false}"#,
            #"{"type":"step-finished","run":"\#(id)","time":"2026-12-04T03:15:02Z","step":"s1/edit-config","host":"s1","kind":"edit-file","result":"ok","started":"2026-12-04T03:15:01Z","ended":"2026-12-04T03:15:02Z","summary":"edited /etc/rancher/k3s/config.yaml"}"#,
            #"{"type":"step-finished","run":"\#(id)","time":"2026-12-04T03:15:40Z","step":"s1/restart","host":"s1","kind":"restart","result":"failed","started":"2026-12-04T03:15:02Z","ended":"2026-12-04T03:15:40Z","summary":"k3s did not start\u001b[31m"}"#,
            #"{"type":"run-finished","run":"\#(id)","time":"2026-12-04T03:15:45Z","outcome":"rolled-back"}"#,
        ]
        try (lines.joined(separator: "\n") + "\n").write(toFile: run + "/journal.jsonl", atomically: true, encoding: .utf8)
        let table = try BinaryRunner.run(["runs", "show", id, "--state-dir", state])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("STEP"))
        #expect(table.stdout.contains("s1/restart      s1    failed  38.0 s    k3s did not start\\x1b[31m"), "\(table.stdout)")
        #expect(table.stdout.contains("outcome: rolled-back; 45.0 s in all"))
        let doc = try json(try BinaryRunner.run(["runs", "show", "last", "--state-dir", state, "--format", "json"]).stdout)
        #expect((doc["entries"] as? [Any])?.count == 4)
        let svg = try BinaryRunner.run(["runs", "show", id, "--state-dir", state, "--format", "svg"])
        #expect(svg.status == 0)
        #expect(svg.stdout.hasPrefix("<svg ") && svg.stdout.contains("<title>s1/restart (restart) failed, 38.00 s: k3s did not start\\x1b[31m</title>"))
        let html = try BinaryRunner.run(["runs", "show", "last", "--state-dir", state, "--format", "html"])
        #expect(html.status == 0)
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>") && html.stdout.contains("<svg "))
        let typo = try BinaryRunner.run(["runs", "show", "20261204-031500-ab13", "--state-dir", state])
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("did you mean '\(id)'?"))
    }

    @Test("external-ip-unknown names the source and the missing fact, at the external_ip: line")
    func externalIPUnknown() throws {
        let result = try BinaryRunner.run(["plan", "-i", inventory, "-p", "refresh-external-ip", "--from-dir", nodes])
        #expect(result.status == 1)
        #expect(result.stderr.contains("host s1: \(inventory):57:5: external_ip: interface eth1 has no global address in the facts"))
        #expect(result.stderr.contains("host s2: \(inventory):61:5: external_ip: command gave no address"))
    }

    @Test("a k3s-ansible inventory's group_vars/ and host_vars/ are read; what is not read is named")
    func ansibleVarsDirectories() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/group_vars", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/host_vars", withIntermediateDirectories: true)
        try """
        k3s_cluster:
          children:
            server:
              hosts: { s1: {}, s2: {}, s3: {} }
            agent:
              hosts: { a1: {} }
        """.write(toFile: dir + "/hosts.yml", atomically: true, encoding: .utf8)
        try "k3smigrate_cluster: homelab\nansible_user: admin\napi_endpoint: 10.0.0.1\n".write(toFile: dir + "/group_vars/all.yml", atomically: true, encoding: .utf8)
        try "ansible_host: 10.0.0.11\n".write(toFile: dir + "/host_vars/s1.yml", atomically: true, encoding: .utf8)
        let result = try BinaryRunner.run(["plan", "-i", dir + "/hosts.yml", "-p", "wireguard-native", "--from-dir", nodes, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let doc = try json(result.stdout)
        #expect((doc["summary"] as? [String: Any])?["cluster"] as? String == "homelab")
        #expect(result.stderr.contains("\(dir)/group_vars/all.yml:1:1: not read by k3smigrate: api_endpoint"))
        #expect((doc["warnings"] as? [[String: Any]])?.contains { $0["rule"] as? String == "inventory-vars-not-read" } == true)
        let fromRoot = try BinaryRunner.run(["plan", "-i", dir + "/hosts.yml", "-p", "wireguard-native", "--from-dir", nodes],
                                       environment: [:], cwd: "/")
        #expect(fromRoot.status == 0, "group_vars are found beside the inventory, not in the current directory")
        try "ansible_port: nope\n".write(toFile: dir + "/host_vars/a1.yml", atomically: true, encoding: .utf8)
        let refused = try BinaryRunner.run(["plan", "-i", dir + "/hosts.yml", "-p", "wireguard-native", "--from-dir", nodes])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("host a1: \(dir)/host_vars/a1.yml:1:"), "\(refused.stderr)")
    }

    @Test("--version: the version, the build commit and the libssh2 loaded at run time")
    func version() throws {
        let result = try BinaryRunner.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.range(of: #"^\d+\.\d+\.\d+ \(commit ([0-9a-f]{12}(-dirty)?|unknown), libssh2 \d+\.\d+\.\d+\)\n$"#,
                                    options: .regularExpression) != nil, "\(result.stdout)")
        let help = try BinaryRunner.run(["help", "plan"])
        #expect(help.stdout.contains("-v, --verbose"))
    }
}
