import Testing
@testable import K3sMigrateCore

@Suite("planning refresh-external-ip")
struct RefreshExternalIPPlanTests {
    /// s1 (cluster-init, address in config.yaml), s2 (two-line unit flag), a1 (config.yaml), a2 (unit flag).
    func fleet(addresses: [String: String]) -> (Inventory, FleetFacts) {
        var fleet = TestFleet()
        fleet.server("s1", config: "cluster-init: true\nflannel-backend: wireguard-native\nnode-external-ip: 198.51.100.11\n")
        fleet.server("s2", config: "server: https://10.9.0.1:6443\nflannel-backend: wireguard-native\n",
                     unitFlags: ["--node-external-ip", "198.51.100.12"])
        fleet.agent("a1", config: "node-external-ip: \"198.51.100.21\"  # dynamic\n")
        fleet.agent("a2", unitFlags: ["--node-external-ip=198.51.100.22"])
        let current = ["s1": "198.51.100.11", "s2": "198.51.100.12", "a1": "198.51.100.21", "a2": "198.51.100.22"]
        for (name, address) in current {
            fleet.overrides[name] = { facts in facts.addresses = ["eth0": ["10.9.0.9"], "ext0": [addresses[name] ?? address]] }
        }
        var inventory = fleet.inventory
        for index in inventory.servers.indices { inventory.servers[index].externalIP = .interface("ext0") }
        for index in inventory.agents.indices { inventory.agents[index].externalIP = .interface("ext0") }
        return (inventory, fleet.facts)
    }

    func plan(_ addresses: [String: String] = [:]) throws -> Plan {
        let (inventory, facts) = fleet(addresses: addresses)
        return try Planner.plan(inventory: inventory, playbook: try ShippedPlaybooks.load("refresh-external-ip"), facts: facts)
    }

    @Test("an unchanged fleet: no step at all (cron exits 0 and touches nothing)")
    func unchanged() throws {
        let plan = try plan()
        #expect(plan.steps.isEmpty && !plan.hasChanges)
        #expect(!plan.warnings.contains { $0.rule == "embedded-etcd-external-ip" })
    }

    @Test("a changed unit flag: edit the value line only, daemon-reload, restart that node alone")
    func unitFlag() throws {
        let plan = try plan(["s2": "198.51.100.99"])
        #expect(plan.changedHosts == ["s2"])
        guard case .edit(let change) = plan.step("s2/edit:k3s.service")?.action else { Issue.record("unit edit"); return }
        #expect(change.after == change.before.replacingOccurrences(of: "\t'198.51.100.12' \\", with: "\t'198.51.100.99' \\"))
        #expect(plan.ancestors(of: "s2/restart").contains("s2/daemon-reload"))
        #expect(plan.steps(.restart).map(\.host) == ["s2"])
    }

    @Test("changed addresses in config files: servers restart first (the init server first), then agents; no reload")
    func configs() throws {
        let plan = try plan(["s1": "198.51.100.50", "s2": "198.51.100.51", "a1": "198.51.100.60"])
        guard case .edit(let change) = plan.step("a1/edit:config.yaml")?.action else { Issue.record("a1 edit"); return }
        #expect(change.after == "node-external-ip: \"198.51.100.60\"  # dynamic\n")
        #expect(plan.step("a1/daemon-reload") == nil)
        #expect(plan.steps(.restart).compactMap(\.host) == ["s1", "s2", "a1"])
        #expect(plan.ancestors(of: "a1/restart").contains("s2/health"))
        #expect(plan.ancestors(of: "s2/restart").contains("s1/health"))
    }

    @Test("servers with embedded etcd (cluster-init, joining another server, or etcd's data dir) get a warning when their address changes")
    func etcdWarning() throws {
        #expect(try plan(["s1": "198.51.100.50"]).warnings.filter { $0.rule == "embedded-etcd-external-ip" }.compactMap(\.host) == ["s1"])
        #expect(try plan(["s2": "198.51.100.51", "a1": "198.51.100.52"]).warnings
            .filter { $0.rule == "embedded-etcd-external-ip" }.compactMap(\.host) == ["s2"])
        let (inventory, original) = fleet(addresses: ["s1": "198.51.100.50"])
        var facts = original
        let sqlite = "flannel-backend: wireguard-native\nnode-external-ip: 198.51.100.11\n"
        facts.hosts["s1"]?.files[K3sPaths.config] = FileFact(path: K3sPaths.config, text: sqlite)
        let playbook = try ShippedPlaybooks.load("refresh-external-ip")
        let single = try Planner.plan(inventory: inventory, playbook: playbook, facts: facts)
        #expect(single.changedHosts == ["s1"] && !single.warnings.contains { $0.rule == "embedded-etcd-external-ip" })
        facts.hosts["s1"]?.files[EmbeddedEtcd.configFile] = FileFact(path: EmbeddedEtcd.configFile, text: "name: s1\n")
        let etcd = try Planner.plan(inventory: inventory, playbook: playbook, facts: facts)
        #expect(etcd.warnings.filter { $0.rule == "embedded-etcd-external-ip" }.compactMap(\.host) == ["s1"])
    }

    @Test("a node without an external address source: the plan is refused")
    func missingSource() throws {
        var (inventory, facts) = fleet(addresses: [:])
        inventory.agents[0].externalIP = nil
        #expect(throws: DiagnosticsError.self) {
            try Planner.plan(inventory: inventory, playbook: try ShippedPlaybooks.load("refresh-external-ip"), facts: facts)
        }
        facts.hosts["a2"]?.addresses = [:]
        inventory.agents[0].externalIP = .interface("ext0")
        do {
            _ = try Planner.plan(inventory: inventory, playbook: try ShippedPlaybooks.load("refresh-external-ip"), facts: facts)
            Issue.record("an interface without an address must refuse the plan")
        } catch let error as DiagnosticsError {
            #expect(error.diagnostics.contains { $0.rule == "external-ip-unknown" && $0.host == "a2" })
        }
    }
}
