import Testing
@testable import K3sMigrateCore

@Suite("Planner decisions: what changes, what is skipped, what is refused")
struct PlannerDecisionTests {
    @Test("only servers get the setting; agents only restart")
    func agentsOnlyRestart() throws {
        let plan = try TestFleet.wireguardMixed().plan()
        #expect(plan.steps(.editFile).allSatisfy { $0.role == .server })
        #expect(plan.steps(.restart).filter { $0.role == .agent }.count == 5)
        #expect(plan.steps.filter { $0.role == .agent && $0.changes }.allSatisfy { $0.kind == .restart })
    }

    @Test("each server is edited where its backend takes effect")
    func editsWhereSet() throws {
        let plan = try TestFleet.wireguardMixed().plan()
        func change(_ id: String) throws -> FileChange {
            let step = try #require(plan.step(id))
            guard case .edit(let change) = step.action else { throw PlanTestError.notAnEdit }
            return change
        }
        let s1 = try change("s1/edit:config.yaml")
        #expect(s1.after == "# main server\ncluster-init: true\nflannel-backend: \"wireguard-native\"  # legacy\nnode-label:\n  - zone=a\n")
        let s2 = try change("s2/edit:50-flannel.yaml")
        #expect(s2.after == "flannel-backend: wireguard-native\n")
        let s3 = try change("s3/edit:k3s.service")
        #expect(s3.after.contains("\t'--flannel-backend=wireguard-native' \\\n"))
        #expect(s3.before.replacingOccurrences(of: "=wireguard'", with: "=wireguard-native'") == s3.after)
    }

    @Test("hosts already on wireguard-native change nothing, and a converged fleet plans nothing")
    func idempotent() throws {
        var fleet = TestFleet()
        fleet.server("s1", config: "flannel-backend: wireguard-native\n")
        fleet.server("s2", config: "server: https://10.9.0.1:6443\nflannel-backend: wireguard-native\n")
        fleet.agent("a1")
        let plan = try fleet.plan()
        #expect(plan.steps.isEmpty)
        #expect(!plan.hasChanges)
        #expect(plan.skipped.isEmpty)
    }

    @Test("a server already migrated is left alone while the others change")
    func partlyMigrated() throws {
        var fleet = TestFleet.wireguardMixed(agents: 1)
        fleet.servers[1].files["\(K3sPaths.dropInDir)/50-flannel.yaml"] = "flannel-backend: wireguard-native\n"
        let plan = try fleet.plan()
        #expect(plan.steps.filter { $0.host == "s2" && $0.changes }.isEmpty)
        #expect(plan.steps(.editFile).compactMap(\.host) == ["s1", "s3"])
    }

    @Test("hosts with vpn-auth or vpn-auth-file are skipped with a reason")
    func vpnAuthSkipped() throws {
        var fleet = TestFleet.wireguardMixed(agents: 2)
        fleet.agents[0].files[K3sPaths.config] = "vpn-auth: \"name=tailscale,joinKey=tskey-SECRET\"\n"
        fleet.agents[1].files[K3sPaths.config] = "vpn-auth-file: /etc/rancher/k3s/vpn\n"
        let plan = try fleet.plan()
        #expect(plan.skipped.map(\.host) == ["a1", "a2"])
        #expect(plan.skipped[0].reason.contains("vpn-auth is set"))
        #expect(plan.skipped[1].reason.contains("vpn-auth-file is set"))
        #expect(!plan.steps.contains { $0.host == "a1" || $0.host == "a2" })
        #expect(!PlanTestText.all(plan).contains("tskey-SECRET"))
    }

    @Test("a server on another backend is refused: servers would disagree")
    func serversWouldDisagree() throws {
        var fleet = TestFleet.wireguardMixed(agents: 1)
        fleet.servers[1].files["\(K3sPaths.dropInDir)/50-flannel.yaml"] = "flannel-backend: vxlan\n"
        let error = try #require(throws: DiagnosticsError.self) { try fleet.plan() }
        let rules = error.diagnostics.map(\.rule)
        #expect(rules.contains("server-settings-differ"))
        #expect(error.description.contains("s2=vxlan"))
    }

    @Test("invalid YAML refuses the plan, naming host, file and line")
    func invalidYAML() throws {
        var fleet = TestFleet.wireguardMixed(agents: 1)
        fleet.servers[0].files[K3sPaths.config] = "flannel-backend: wireguard\nnode-label: [a\n"
        let error = try #require(throws: DiagnosticsError.self) { try fleet.plan() }
        let problem = try #require(error.diagnostics.first { $0.rule == "invalid-yaml" })
        #expect(problem.host == "s1")
        #expect(problem.location?.file == K3sPaths.config)
        #expect((problem.location?.line ?? 0) >= 2)
    }

    @Test("a node without the wireguard module refuses the plan")
    func missingModule() throws {
        var fleet = TestFleet.wireguardMixed(agents: 2)
        fleet.overrides["a2"] = { $0.kernelModules = [] }
        let error = try #require(throws: DiagnosticsError.self) { try fleet.plan() }
        let problem = try #require(error.diagnostics.first { $0.rule == "missing-kernel-module" })
        #expect(problem.host == "a2")
        #expect(error.diagnostics.allSatisfy { $0.severity == .error })
    }

    @Test("a backend the node's version removed is refused")
    func removedBackend() throws {
        var fleet = TestFleet()
        fleet.version = K3sVersion(1, 27, 4)
        fleet.server("s1", config: "flannel-backend: vxlan\n")
        let toIPsec = Playbook(name: "x", summary: "x",
                               settings: [SettingSpec(key: "flannel-backend", value: .scalar("ipsec"), location: SourceLocation(file: "x.yaml", line: 4))],
                               file: "x.yaml")
        let error = try #require(throws: DiagnosticsError.self) { try fleet.plan(toIPsec) }
        #expect(error.diagnostics.contains { $0.rule == "removed-backend" && $0.host == "s1" && $0.location?.line == 4 })
    }

    @Test("a version older than the playbook needs is refused")
    func tooOld() throws {
        var fleet = TestFleet.wireguardMixed(agents: 1)
        fleet.version = K3sVersion(1, 23, 4)
        let error = try #require(throws: DiagnosticsError.self) { try fleet.plan() }
        #expect(error.diagnostics.contains { $0.rule == "version-too-old" })
    }

    @Test("a server on vxlan is skipped, not migrated, with the reason")
    func notOnLegacyBackend() throws {
        var fleet = TestFleet()
        fleet.server("s1", config: "flannel-backend: vxlan\n")
        fleet.agent("a1")
        let plan = try fleet.plan()
        #expect(plan.skipped.map(\.host) == ["s1"])
        #expect(plan.skipped[0].reason.contains("not one of wireguard, ipsec"))
        #expect(plan.steps.isEmpty)
    }

    @Test("--limit to servers plans only servers and warns about agents left behind")
    func limitServers() throws {
        let plan = try TestFleet.wireguardMixed(agents: 2).plan(options: PlanOptions(limit: "servers"))
        #expect(Set(plan.steps.compactMap(\.host)) == ["s1", "s2", "s3"])
        #expect(plan.warnings.contains { $0.rule == "agents-not-targeted" })
    }

    @Test("the same inputs give the same plan, byte for byte")
    func deterministic() throws {
        let fleet = TestFleet.wireguardMixed()
        let first = try fleet.plan()
        for _ in 0..<5 {
            #expect(try fleet.plan() == first)
            #expect(PlanTestText.all(try fleet.plan()) == PlanTestText.all(first))
        }
    }

    @Test("missing facts for a targeted host refuse the plan")
    func missingFacts() throws {
        let fleet = TestFleet.wireguardMixed(agents: 1)
        var facts = fleet.facts
        facts.hosts["a1"] = nil
        let error = try #require(throws: DiagnosticsError.self) {
            try Planner.plan(inventory: fleet.inventory, playbook: TestFleet.playbook, facts: facts)
        }
        #expect(error.diagnostics.contains { $0.rule == "facts-missing" && $0.host == "a1" })
    }
}

enum PlanTestError: Error { case notAnEdit }

/// All text a plan carries, to look for leaks.
enum PlanTestText {
    static func all(_ plan: Plan) -> String {
        (plan.steps.map { [$0.id, $0.title, $0.commandText ?? "", $0.diffText ?? "", $0.undo.summary].joined(separator: "|") }
            + plan.skipped.map(\.reason) + plan.warnings.map(\.description)).joined(separator: "\n")
    }
}
