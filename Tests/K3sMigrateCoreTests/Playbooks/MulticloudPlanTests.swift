import Testing
@testable import K3sMigrateCore

@Suite("planning multicloud")
struct MulticloudPlanTests {
    func fleet() -> (TestFleet, Inventory) {
        var fleet = TestFleet()
        fleet.server("s1", config: "cluster-init: true\n")
        fleet.server("s2", config: "server: https://10.9.0.1:6443\n")
        fleet.agent("a1", config: "node-label:\n  - pool=general\n")
        fleet.agent("a2", config: "vpn-auth-file: /etc/rancher/k3s/vpn\n")
        for (name, address) in ["s1": "198.51.100.11", "s2": "198.51.100.12", "a1": "198.51.100.21", "a2": "198.51.100.22"] {
            fleet.overrides[name] = { $0.addresses = ["ext0": [address]] }
        }
        var inventory = fleet.inventory
        for index in inventory.servers.indices { inventory.servers[index].externalIP = .interface("ext0") }
        for index in inventory.agents.indices { inventory.agents[index].externalIP = .interface("ext0") }
        return (fleet, inventory)
    }

    @Test("servers get all three keys, agents only node-external-ip; Tailscale nodes skipped; servers restart first")
    func settings() throws {
        let (fleet, inventory) = fleet()
        let plan = try Planner.plan(inventory: inventory, playbook: try ShippedPlaybooks.load("multicloud"), facts: fleet.facts)
        guard case .edit(let s2) = plan.step("s2/edit:config.yaml")?.action,
              case .edit(let a1) = plan.step("a1/edit:config.yaml")?.action else { Issue.record("edits"); return }
        for line in ["node-external-ip: 198.51.100.12", "flannel-backend: wireguard-native", "flannel-external-ip: true"] {
            #expect(s2.after.contains(line + "\n"), "s2: \(line)")
        }
        #expect(a1.after.contains("node-external-ip: 198.51.100.21\n"))
        #expect(!a1.after.contains("flannel"), "server-only keys never reach an agent")
        #expect(plan.skipped.map(\.host) == ["a2"])
        #expect(plan.steps(.restart).compactMap(\.host) == ["s1", "s2", "a1"])
        #expect(plan.warnings.contains { $0.rule == "embedded-etcd-external-ip" && $0.host == "s1" })
        #expect(plan.steps(.healthGate).allSatisfy { step in
            if case .health(let expectation) = step.action { return expectation.backend == "wireguard-native" }
            return false
        })
    }

    @Test("a node without an external address or without the WireGuard module refuses the plan")
    func preflight() throws {
        var (fleet, inventory) = fleet()
        inventory.agents[0].externalIP = nil
        fleet.modules = []
        do {
            _ = try Planner.plan(inventory: inventory, playbook: try ShippedPlaybooks.load("multicloud"), facts: fleet.facts)
            Issue.record("must be refused")
        } catch let error as DiagnosticsError {
            let rules = Set(error.diagnostics.map { "\($0.rule) \($0.host ?? "-")" })
            #expect(rules.isSuperset(of: ["external-ip-unknown a1", "missing-kernel-module s1", "missing-kernel-module a1"]))
        }
    }

    @Test("a fleet already set up for multicloud plans nothing")
    func converged() throws {
        var (fleet, inventory) = fleet()
        fleet.servers[0].files[K3sPaths.config] = "cluster-init: true\nflannel-backend: wireguard-native\nflannel-external-ip: true\n"
        fleet.servers[0].files[K3sPaths.systemdUnit(.server)] = TestFleet.serverUnit(["--node-external-ip", "198.51.100.11"])
        fleet.servers[1].files[K3sPaths.config] = "server: https://10.9.0.1:6443\nnode-external-ip: 198.51.100.12\nflannel-backend: wireguard-native\nflannel-external-ip: true\n"
        fleet.agents[0].files[K3sPaths.config] = "node-external-ip: 198.51.100.21\n"
        let plan = try Planner.plan(inventory: inventory, playbook: try ShippedPlaybooks.load("multicloud"), facts: fleet.facts)
        #expect(plan.steps.isEmpty)
    }
}
