import Foundation
import Testing
@testable import K3sMigrateCore

@Suite("Playbook parser")
struct PlaybookParserTests {
    @Test("the built-in wireguard-native playbook parses to what the planner needs")
    func builtIn() throws {
        let path = String(#filePath).components(separatedBy: "/Tests/")[0] + "/playbooks/wireguard-native.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let playbook = try PlaybookParser.parse(text, file: path)
        #expect(playbook.name == "wireguard-native")
        #expect(playbook.preflight.kernelModules == ["wireguard"])
        #expect(playbook.preflight.minVersion == K3sVersion(1, 23, 6))
        #expect(playbook.settings.count == 1)
        #expect(playbook.settings[0].key == "flannel-backend")
        #expect(playbook.settings[0].value == .scalar("wireguard-native"))
        #expect(playbook.settings[0].whenCurrent == ["wireguard", "ipsec"])
        #expect(playbook.skipWhenSet.map(\.key) == ["vpn-auth", "vpn-auth-file"])
        #expect(playbook.health.backend == "wireguard-native")
        #expect(playbook.restart == .auto)
    }

    @Test("every kind of setting value and action is read")
    func allForms() throws {
        let text = """
            name: all
            summary: every form
            targets: servers
            restart: none
            preflight: { version_gates: [v1.25.11, v1.26.6, v1.27.3], require_external_ip: true }
            settings:
              - { key: egress-selector-mode, value: pod }
              - { key: tls-san, values: [a, b] }
              - { key: kubelet-arg, add: node-ip=0.0.0.0, scope: all }
              - { key: node-external-ip, from: external-ip }
              - { key: flannel-backend, remove: true }
            actions:
              - cilium-cleanup
              - uninstall
              - sysctl: { key: net.ipv6.conf.all.accept_ra, value: "2" }
              - secret-file: { path: /etc/rancher/k3s/vpn-auth, from_env: TS_KEY, template: "name=tailscale,joinKey={{secret}}" }
            """
        let playbook = try PlaybookParser.parse(text, file: "all.yaml")
        #expect(playbook.targets == .servers)
        #expect(playbook.restart == Playbook.RestartPolicy.none)
        #expect(playbook.preflight.versionGates.count == 3)
        #expect(playbook.preflight.requireExternalIP)
        #expect(playbook.settings.map(\.value) == [.scalar("pod"), .list(["a", "b"]), .addItem("node-ip=0.0.0.0"), .externalIP, .remove])
        #expect(playbook.settings[2].scope == .all)
        #expect(playbook.actions == [.ciliumCleanup, .uninstall,
                                     .sysctl(key: "net.ipv6.conf.all.accept_ra", value: "2", file: "/etc/sysctl.d/90-k3smigrate.conf"),
                                     .secretFile(path: "/etc/rancher/k3s/vpn-auth", source: .environment("TS_KEY"),
                                                 template: "name=tailscale,joinKey={{secret}}")])
    }

    @Test("every problem is reported at once, each with file and line")
    func allProblemsAtOnce() throws {
        let text = """
            name: broken
            sumary: typo
            targets: everyone
            settings:
              - key: flannel-backend
              - { key: x, value: a, add: b }
            actions: [explode]
            """
        let error = try #require(throws: DiagnosticsError.self) { try PlaybookParser.parse(text, file: "broken.yaml") }
        let messages = error.diagnostics.map(\.description)
        #expect(messages.contains { $0.contains("broken.yaml:2") && $0.contains("unknown key 'sumary'") && $0.contains("did you mean 'summary'") })
        #expect(messages.contains { $0.contains("missing required key 'summary'") })
        #expect(messages.contains { $0.contains("broken.yaml:3") && $0.contains("'targets' must be one of all, servers, agents") })
        #expect(messages.contains { $0.contains("broken.yaml:5") && $0.contains("needs exactly one of value") })
        #expect(messages.contains { $0.contains("broken.yaml:6") && $0.contains("setting 'x' needs exactly one") })
        #expect(messages.contains { $0.contains("broken.yaml:7") && $0.contains("unknown action 'explode'") })
    }

    @Test("invalid YAML names file, line and column")
    func invalidYAML() throws {
        let error = try #require(throws: DiagnosticsError.self) {
            try PlaybookParser.parse("name: x\nsummary: [unclosed\n", file: "bad.yaml")
        }
        let problem = try #require(error.diagnostics.first)
        #expect(problem.location?.file == "bad.yaml")
        #expect((problem.location?.line ?? 0) >= 2)
        #expect(problem.location?.column != nil)
        #expect(problem.message.hasPrefix("invalid YAML"))
    }

    @Test("a secret file must come from the environment or a local file, never inline")
    func secretSourceRequired() throws {
        let text = "name: t\nsummary: t\nactions:\n  - secret-file: { path: /x }\n"
        let error = try #require(throws: DiagnosticsError.self) { try PlaybookParser.parse(text, file: "t.yaml") }
        #expect(error.description.contains("exactly one of from_env or from_file"))
    }
}
