import Testing
@testable import K3sMigrateCore

@Suite("planning tailscale (vpn-auth-file from a secret)")
struct TailscalePlanTests {
    static let path = "/etc/rancher/k3s/vpn-auth"

    func fleet(version: K3sVersion = K3sVersion(1, 25, 16, k3s: 4), backend: String? = nil) -> TestFleet {
        var fleet = TestFleet()
        fleet.version = version
        fleet.server("s1", config: "cluster-init: true\n" + (backend.map { "flannel-backend: \($0)\n" } ?? ""))
        fleet.server("s2", config: "server: https://10.9.0.1:6443\n" + (backend.map { "flannel-backend: \($0)\n" } ?? ""))
        fleet.agent("a1")
        return fleet
    }

    func plan(_ fleet: TestFleet, limit: String? = nil, vars: [String: String] = [:]) throws -> Plan {
        var inventory = fleet.inventory
        inventory.agents[0].vars = vars
        return try Planner.plan(inventory: inventory, playbook: try ShippedPlaybooks.load("tailscale"), facts: fleet.facts,
                                options: PlanOptions(limit: limit))
    }

    @Test("each node: the secret file (0600, from the environment) before its setting and its restart; servers first")
    func steps() throws {
        let plan = try plan(fleet(), vars: ["tailscale_control_server_url": "https://hs.example.com"])
        for host in ["s1", "s2", "a1"] {
            let write = try #require(plan.step("\(host)/write:vpn-auth"))
            guard case .write(let file) = write.action else { Issue.record("write"); continue }
            #expect(file.mode == 0o600 && file.secretSource == .environment("TAILSCALE_JOIN_KEY") && !file.existed)
            #expect(file.content == (host == "a1" ? "name=tailscale,joinKey={{secret}},controlServerURL=https://hs.example.com"
                                                  : "name=tailscale,joinKey={{secret}}"))
            #expect(write.diffText == "write /etc/rancher/k3s/vpn-auth (mode 600) from environment variable TAILSCALE_JOIN_KEY; content not shown")
            #expect(plan.ancestors(of: "\(host)/edit:config.yaml").contains(write.id))
            #expect(plan.ancestors(of: "\(host)/restart").contains(write.id))
            #expect(write.undo == .command(ShellCommand("rm", "-f", "--", Self.path)))
            guard case .edit(let change) = plan.step("\(host)/edit:config.yaml")?.action else { Issue.record("edit"); continue }
            #expect(change.after.hasSuffix("vpn-auth-file: /etc/rancher/k3s/vpn-auth\n"))
        }
        #expect(plan.steps(.restart).compactMap(\.host) == ["s1", "s2", "a1"])
        #expect(plan.steps(.healthGate).allSatisfy { step in
            if case .health(let expectation) = step.action { return expectation.backend == "tailscale" }
            return false
        })
    }

    @Test("version gate: v1.25.11, v1.26.6, v1.27.3 and later")
    func versions() throws {
        for (version, ok) in [(K3sVersion(1, 25, 10, k3s: 1), false), (K3sVersion(1, 26, 5, k3s: 1), false),
                              (K3sVersion(1, 26, 6, k3s: 1), true), (K3sVersion(1, 27, 3, k3s: 1), true), (K3sVersion(1, 28, 1, k3s: 1), true)] {
            do {
                _ = try plan(fleet(version: version))
                #expect(ok, "\(version) must be refused")
            } catch let error as DiagnosticsError {
                #expect(!ok && error.diagnostics.allSatisfy { $0.rule == "version-too-old" }, "\(version): \(error)")
            }
        }
    }

    @Test("refused on a custom-CNI cluster and when nodes outside --limit would stay on their backend")
    func refusals() throws {
        do {
            _ = try plan(fleet(backend: "none"))
            Issue.record("custom CNI must be refused")
        } catch let error as DiagnosticsError {
            #expect(Set(error.diagnostics.map { "\($0.rule) \($0.host ?? "-")" })
                    == ["tailscale-backend-change s1", "tailscale-backend-change s2", "tailscale-backend-change a1"])
        }
        do {
            _ = try plan(fleet(), limit: "a1")
            Issue.record("a partial rollout must be refused")
        } catch let error as DiagnosticsError {
            #expect(Set(error.diagnostics.map { "\($0.rule) \($0.host ?? "-")" }) == ["tailscale-partial s1", "tailscale-partial s2"])
        }
        var converted = fleet()
        for index in converted.servers.indices {
            converted.servers[index].files[K3sPaths.config]! += "vpn-auth-file: /etc/rancher/k3s/vpn-auth\n"
        }
        let agentOnly = try plan(converted, limit: "a1")
        #expect(agentOnly.changedHosts == ["a1"], "servers already on tailscale: adding an agent is fine")
    }

    @Test("nodes already pointing at the file plan nothing; inline vpn-auth is skipped with a reason")
    func convergedAndSkipped() throws {
        var fleet = fleet()
        for index in fleet.servers.indices { fleet.servers[index].files[K3sPaths.config]! += "vpn-auth-file: /etc/rancher/k3s/vpn-auth\n" }
        fleet.agents[0].files[K3sPaths.config] = "vpn-auth: name=tailscale,joinKey=redacted\n"
        let plan = try plan(fleet)
        #expect(plan.steps.isEmpty)
        #expect(plan.skipped.map(\.host) == ["a1"])
    }

    @Test("templates: variables at plan time, optional parts, the secret at apply time without its newline")
    func template() {
        let template = "name=tailscale,joinKey={{secret}}[[,controlServerURL={{vars.url}}]][[,extraArgs={{vars.extra}}]]"
        #expect(SecretTemplate.resolveVariables(template, vars: ["url": "https://h"]) == "name=tailscale,joinKey={{secret}},controlServerURL=https://h")
        #expect(SecretTemplate.resolveVariables(template, vars: [:]) == "name=tailscale,joinKey={{secret}}")
        #expect(SecretTemplate.fill("name=tailscale,joinKey={{secret}}", secret: Array("tskey-abc\n".utf8)) == Array("name=tailscale,joinKey=tskey-abc".utf8))
        #expect(SecretTemplate.fill(nil, secret: Array("raw\r\n".utf8)) == Array("raw".utf8))
    }
}
