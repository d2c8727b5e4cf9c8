import Testing
@testable import K3sMigrateCore

/// `apply --limit servers`, then a plan for the agents: agents still on the old backend restart.
@Suite("staged rollout: agents behind their servers' backend")
struct StagedRolloutTests {
    /// Servers already on wireguard-native (their run is done); s1's node list says which backend
    /// each node runs.
    static func afterServers(_ nodeList: String?) -> TestFleet {
        var fleet = TestFleet()
        fleet.server("s1", config: "cluster-init: true\nflannel-backend: wireguard-native\n")
        fleet.server("s2", config: "server: https://10.9.0.1:6443\nflannel-backend: wireguard-native\n")
        for name in ["a1", "a2", "a3"] { fleet.agent(name, config: "node-label: [pool=workers]\n") }
        if let nodeList {
            fleet.overrides["s1"] = { $0.probes[HostFacts.clusterNodesProbe] = ClusterNodes.normalized(nodeList) }
        }
        return fleet
    }

    static let mixed = "s1\twireguard\ns2\twireguard\na1\textension\na2\twireguard\na3\textension\n"

    @Test("agents whose backend-type is not the servers' restart, in batches after the servers, each gated on wireguard-native")
    func staleAgentsRestart() throws {
        let plan = try Self.afterServers(Self.mixed).plan(options: PlanOptions(limit: "a*"))
        #expect(plan.steps(.restart).compactMap(\.host) == ["a1", "a3"])
        #expect(plan.steps.filter { $0.kind == .editFile }.isEmpty, "no file changes")
        let gates = plan.steps.compactMap { step -> HealthExpectation? in
            if case .health(let expectation) = step.action { return expectation }
            return nil
        }
        #expect(gates.map(\.nodeName) == ["a1", "a3"])
        #expect(gates.allSatisfy { $0.backend == "wireguard-native" })
        let warning = try #require(plan.warnings.first { $0.rule == "agent-backend-stale" })
        #expect(warning.message == "2 agents still run flannel backend-type extension, not wireguard-native (the flannel.alpha.coreos.com/backend-type annotation in s1's node list): restarting a1, a3")
    }

    @Test("the whole fleet after the servers' run: the same agents, and the servers untouched")
    func wholeFleet() throws {
        let plan = try Self.afterServers(Self.mixed).plan()
        #expect(plan.steps(.restart).compactMap(\.host) == ["a1", "a3"])
    }

    @Test("every agent on the servers' backend, or no node list in the facts: nothing to do")
    func nothingToDo() throws {
        #expect(try Self.afterServers("s1\twireguard\na1\twireguard\na2\twireguard\na3\twireguard\n").plan().steps.isEmpty)
        #expect(try Self.afterServers(nil).plan().steps.isEmpty, "unknown: no restart on a guess")
        let unlisted = try Self.afterServers("s1\twireguard\na1\textension\n").plan()
        #expect(unlisted.steps(.restart).compactMap(\.host) == ["a1"], "a2 and a3 are not in the list: left alone")
    }

    @Test("a plan that changes the servers restarts every agent anyway: no stale warning")
    func serversChanging() throws {
        var fleet = TestFleet.wireguardMixed(agents: 2)
        fleet.overrides["s1"] = { $0.probes[HostFacts.clusterNodesProbe] = "a1\textension\na2\textension" }
        let plan = try fleet.plan()
        #expect(plan.steps(.restart).compactMap(\.host) == ["s1", "s2", "s3", "a1", "a2"])
        #expect(!plan.warnings.contains { $0.rule == "agent-backend-stale" })
    }

    @Test("node lines from a node are validated: names and types only, nothing else kept")
    func hostileNodeList() {
        let text = "a1\textension\nA2\tvxlan\n../x\tvxlan\na3\tvx;rm -rf /\na4\t\n\u{1b}[31ma5\tvxlan\na6"
        #expect(ClusterNodes.normalized(text) == "a1\textension\na4\t\na6\t")
        #expect(ClusterNodes.parse(text) == ["a1": "extension", "a4": "", "a6": ""])
    }

    @Test("--set flannel-backend that contradicts the playbook's health expectation is refused")
    func setContradictsHealth() throws {
        #expect(throws: DiagnosticsError.self) {
            _ = try TestFleet.playbook.overriding([SettingOverride(key: "flannel-backend", value: "vxlan")])
        }
        do {
            _ = try TestFleet.playbook.overriding([SettingOverride(key: "flannel-backend", value: "vxlan")])
        } catch {
            #expect(error.diagnostics.first?.message == "--set flannel-backend=vxlan contradicts playbook wireguard-native, whose health check waits for every node on wireguard-native; use a playbook for vxlan")
        }
        let same = try TestFleet.playbook.overriding([SettingOverride(key: "flannel-backend", value: "wireguard-native")])
        #expect(same.settings.first?.value == .scalar("wireguard-native"))
    }
}
