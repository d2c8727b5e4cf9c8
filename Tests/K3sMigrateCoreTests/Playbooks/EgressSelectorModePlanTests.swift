import Testing
@testable import K3sMigrateCore

@Suite("planning egress-selector-mode with --set")
struct EgressSelectorModePlanTests {
    func fleet() -> TestFleet {
        var fleet = TestFleet()
        fleet.server("s1", config: "cluster-init: true\n")
        fleet.server("s2", config: "server: https://10.9.0.1:6443\n", unitFlags: ["--egress-selector-mode=agent"])
        fleet.agent("a1", config: "node-label:\n  - pool=general\n")
        fleet.agent("a2")
        return fleet
    }

    func playbook(_ sets: [String]) throws -> Playbook {
        try ShippedPlaybooks.load("egress-selector-mode").overriding(try SettingOverride.parse(sets))
    }

    @Test("without --set the playbook asks for K3s's default (agent): a default fleet plans nothing")
    func defaultMode() throws {
        #expect(try fleet().plan(try playbook([])).steps.isEmpty)
    }

    @Test("--set egress-selector-mode=cluster: every server edited before any restart, init server first, then every agent")
    func cluster() throws {
        let plan = try fleet().plan(try playbook(["egress-selector-mode=cluster"]))
        #expect(Set(plan.steps(.editFile).compactMap(\.host)) == ["s1", "s2"], "server-only: agents get no edit")
        guard case .edit(let unit) = plan.step("s2/edit:k3s.service")?.action else { Issue.record("s2 unit edit"); return }
        #expect(unit.after.contains("'--egress-selector-mode=cluster'") && !unit.after.contains("=agent'"))
        guard case .edit(let config) = plan.step("s1/edit:config.yaml")?.action else { Issue.record("s1 config edit"); return }
        #expect(config.after == "cluster-init: true\negress-selector-mode: cluster\n")
        let firstRestart = try #require(plan.steps(.restart).first)
        #expect(plan.ancestors(of: firstRestart.id).isSuperset(of: ["s1/edit:config.yaml", "s2/daemon-reload"]))
        #expect(plan.steps(.restart).compactMap(\.host) == ["s1", "s2", "a1", "a2"])
        #expect(plan.ancestors(of: "a1/restart").contains("s2/health"))
    }

    @Test("a mode K3s doesn't know is refused at the setting's line")
    func invalid() throws {
        do {
            _ = try fleet().plan(try playbook(["egress-selector-mode=tunnel"]))
            Issue.record("tunnel must be refused")
        } catch let error as DiagnosticsError {
            #expect(error.diagnostics.map(\.rule) == ["invalid-egress-selector-mode"])
            #expect(error.diagnostics[0].location?.line != nil)
        }
    }

    @Test("pod is refused when the CNI brings its own IPAM, accepted otherwise")
    func podWithOwnIPAM() throws {
        let fleet = fleet()
        var inventory = fleet.inventory
        inventory.vars["cni_ipam"] = "own"
        let pod = try playbook(["egress-selector-mode=pod"])
        do {
            _ = try Planner.plan(inventory: inventory, playbook: pod, facts: fleet.facts)
            Issue.record("pod with cni_ipam own must be refused")
        } catch {
            #expect(error.diagnostics.map(\.rule) == ["egress-pod-with-own-ipam"])
            #expect(error.diagnostics[0].message.contains("cluster or agent"))
        }
        inventory.vars["cni_ipam"] = "host-local"
        #expect(try Planner.plan(inventory: inventory, playbook: pod, facts: fleet.facts).changedHosts == ["s1", "s2", "a1", "a2"])
    }

    @Test("--set words: KEY=VALUE only, once per key, and only keys the playbook sets")
    func setWords() throws {
        #expect(try SettingOverride.parse(["a=b=c"]) == [SettingOverride(key: "a", value: "b=c")])
        #expect(throws: DiagnosticsError.self) { try SettingOverride.parse(["novalue"]) }
        #expect(throws: DiagnosticsError.self) { try SettingOverride.parse(["=x"]) }
        #expect(throws: DiagnosticsError.self) { try SettingOverride.parse(["a=1", "a=2"]) }
        #expect(throws: DiagnosticsError.self) { try playbook(["flannel-backend=vxlan"]) }
        let refresh = try ShippedPlaybooks.load("refresh-external-ip")
        #expect(throws: DiagnosticsError.self) { try refresh.overriding([SettingOverride(key: "node-external-ip", value: "1.2.3.4")]) }
    }
}
