import Testing
@testable import K3sMigrateCore

@Suite("planning dual-stack-node-ip")
struct DualStackNodeIPPlanTests {
    func plan(_ sets: [String] = []) throws -> Plan {
        var fleet = TestFleet()
        fleet.server("s1", config: "cluster-init: true\nkubelet-arg:\n  - max-pods=200\n")
        fleet.server("s2", config: "server: https://10.9.0.1:6443\n", unitFlags: ["--kubelet-arg=node-ip=0.0.0.0"])
        fleet.agent("a1", config: "kubelet-arg:\n  - \"node-ip=0.0.0.0\"\n  - eviction-hard=memory.available<100Mi\n")
        let playbook = try ShippedPlaybooks.load("dual-stack-node-ip").overriding(try SettingOverride.parse(sets))
        return try fleet.plan(playbook)
    }

    @Test("node-ip=0.0.0.0 added where missing, other kubelet-arg items kept; nodes that have it untouched")
    func ipv4() throws {
        let plan = try plan()
        #expect(plan.changedHosts == ["s1"])
        guard case .edit(let change) = plan.step("s1/edit:config.yaml")?.action else { Issue.record("edit"); return }
        #expect(change.after == "cluster-init: true\nkubelet-arg:\n  - max-pods=200\n  - node-ip=0.0.0.0\n")
        #expect(plan.steps(.restart).compactMap(\.host) == ["s1"])
    }

    @Test("--set kubelet-arg=node-ip=:: replaces node-ip on servers and agents; servers restart first")
    func ipv6() throws {
        let plan = try plan(["kubelet-arg=node-ip=::"])
        #expect(plan.changedHosts == ["s1", "s2", "a1"])
        guard case .edit(let agent) = plan.step("a1/edit:config.yaml")?.action,
              case .edit(let unit) = plan.step("s2/edit:k3s.service")?.action else { Issue.record("edits"); return }
        #expect(agent.after.contains("eviction-hard=memory.available<100Mi") && agent.after.contains("node-ip=::"))
        #expect(!agent.after.contains("0.0.0.0"))
        #expect(unit.after.contains("'--kubelet-arg=node-ip=::'") && !unit.after.contains("0.0.0.0"))
        #expect(plan.steps(.restart).compactMap(\.host) == ["s1", "s2", "a1"])
    }
}
