import Foundation
import Testing
@testable import K3sMigrateCore
@testable import K3sMigrateRun

@Suite("Plan renderers")
struct PlanRendererTests {
    static func samplePlan() -> Plan {
        let change = FileChange(path: "/etc/rancher/k3s/config.yaml", before: "flannel-backend: wireguard\n",
                                after: "flannel-backend: wireguard-native\n",
                                diff: "--- a/etc/rancher/k3s/config.yaml\n+++ b/etc/rancher/k3s/config.yaml\n@@ -1 +1 @@\n-flannel-backend: wireguard\n+flannel-backend: wireguard-native\n")
        return Plan(cluster: "c\"1", playbook: "wireguard-native", steps: [
            Step(id: "s1/preflight", host: "s1", role: .server, kind: .preflight, title: "check", changes: false,
                 action: .checks([PreflightCheck(name: "k3s", command: ShellCommand("k3s", "--version"), failure: "no k3s")])),
            Step(id: "@preflight", host: nil, role: nil, kind: .barrier, title: "all checked", changes: false, action: .none, dependsOn: ["s1/preflight"]),
            Step(id: "s1/backup:config.yaml", host: "s1", role: .server, kind: .backup, title: "back up", changes: false,
                 action: .backup(path: change.path), dependsOn: ["@preflight"]),
            Step(id: "s1/edit:config.yaml", host: "s1", role: .server, kind: .editFile, title: "set", changes: true,
                 action: .edit(change), dependsOn: ["s1/backup:config.yaml"],
                 undo: .restoreFile(path: change.path, backupStep: "s1/backup:config.yaml")),
            Step(id: "s1/uninstall", host: "s1", role: .server, kind: .uninstall, title: "uninstall", changes: true,
                 action: .run(ShellCommand("k3s-uninstall.sh")), dependsOn: ["s1/edit:config.yaml"], undo: .impossible(reason: "removes K3s")),
        ], skipped: [SkippedHost(host: "a9", reason: "vpn-auth is set")],
        warnings: [.warning("w", host: "s1", at: SourceLocation(file: "f.yaml", line: 3), "careful")])
    }

    @Test("JSON has the documented shape and fields")
    func json() throws {
        let text = PlanJSONRenderer.render(Self.samplePlan())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["cluster"] as? String == "c\"1")
        #expect(summary["changes"] as? Bool == true)
        #expect(summary["irreversibleSteps"] as? [String] == ["s1/uninstall"])
        #expect((summary["skipped"] as? [[String: String]])?.first?["reason"] == "vpn-auth is set")
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(steps.map { $0["id"] as? String } == ["s1/preflight", "@preflight", "s1/backup:config.yaml", "s1/edit:config.yaml", "s1/uninstall"])
        #expect(steps[0]["command"] as? String == "k3s --version")
        #expect(steps[1]["host"] is NSNull)
        #expect(steps[3]["diff"] as? String != nil && steps[3]["command"] == nil)
        #expect(steps[3]["dependsOn"] as? [String] == ["s1/backup:config.yaml"])
        #expect((steps[3]["undo"] as? [String: String])?["kind"] == "restore-file")
        #expect((steps[4]["undo"] as? [String: String])?["reason"] == "removes K3s")
        #expect(text.contains("RUN_ID"), "backup commands show the run placeholder")
        #expect(PlanJSONRenderer.render(Self.samplePlan()) == text, "stable byte for byte")
    }

    @Test("DOT draws every step and dependency edge")
    func dot() {
        let dot = PlanDOTRenderer.render(Self.samplePlan())
        #expect(dot.hasPrefix("digraph \"wireguard-native\" {"))
        #expect(dot.contains("\"s1/backup:config.yaml\" -> \"s1/edit:config.yaml\";"))
        #expect(dot.contains("[label=\"2. barrier\\nall checked\", shape=diamond]"), "\(dot)")
        #expect(dot.contains("color=red"), "irreversible steps stand out")
        #expect(dot.split(separator: "\n").filter { $0.contains(" -> ") && !$0.contains("legend/") }.count == 4)
    }

    @Test("text shows diffs and warnings, coloured only when asked")
    func text() {
        let plain = PlanTextRenderer.render(Self.samplePlan(), palette: Palette(enabled: false))
        #expect(plain.contains("-flannel-backend: wireguard\n"))
        #expect(plain.contains("+flannel-backend: wireguard-native"))
        #expect(plain.contains("[cannot be undone]"))
        #expect(plain.contains("a9: vpn-auth is set"))
        #expect(plain.contains("host s1: f.yaml:3: careful"))
        #expect(!plain.contains("\u{1B}["))
        let coloured = PlanTextRenderer.render(Self.samplePlan(), palette: Palette(enabled: true))
        #expect(coloured.contains("\u{1B}[32m+flannel-backend: wireguard-native\u{1B}[0m"))
    }

    @Test("an empty plan says there is nothing to do")
    func empty() {
        let plan = Plan(cluster: "c", playbook: "p", steps: [], skipped: [], warnings: [])
        #expect(PlanTextRenderer.render(plan, palette: Palette(enabled: false)).contains("Nothing to do"))
        #expect(PlanJSONRenderer.render(plan).contains("\"changes\": false"))
    }
}
