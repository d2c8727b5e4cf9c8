import Testing
@testable import K3sMigrateCore

/// `plan` refuses a plan that restarts a node K3s would refuse to start.
@Suite("plan runs the check rules on every host it restarts")
struct RestartCheckTests {
    func refusal(_ fleet: TestFleet) -> [Diagnostic] {
        do {
            _ = try fleet.plan()
            return []
        } catch {
            return (error as? DiagnosticsError)?.diagnostics ?? []
        }
    }

    @Test("a server-only key on an agent the plan restarts: refused, naming host, file and line")
    func serverOnlyKeyOnARestartedAgent() throws {
        var fleet = TestFleet()
        fleet.server("s1", config: "cluster-init: true\nflannel-backend: wireguard\n")
        fleet.agent("a1", config: "node-label: [x=1]\nflannel-backend: wireguard\n")
        let problems = refusal(fleet)
        let problem = try #require(problems.first { $0.rule == "server-only-key-on-agent" })
        #expect(problem.host == "a1")
        #expect(problem.location == SourceLocation(file: K3sPaths.config, line: 2))
        #expect(problem.message.contains("this plan restarts a1"))
    }

    @Test("a service CIDR kube-apiserver rejects, an invalid egress-selector-mode: refused")
    func rejectedValues() {
        var cidr = TestFleet()
        cidr.server("s1", config: "cluster-init: true\nflannel-backend: wireguard\nservice-cidr: 10.0.0.0/8\n")
        #expect(refusal(cidr).map(\.rule) == ["service-cidr-mask"])
        var egress = TestFleet()
        egress.server("s1", config: "cluster-init: true\nflannel-backend: wireguard\negress-selector-mode: network\n")
        #expect(refusal(egress).map(\.rule) == ["invalid-egress-selector-mode"])
    }

    @Test("a host the plan does not restart is not refused for its problems")
    func untouchedHostsDoNotRefuse() throws {
        var fleet = TestFleet()
        fleet.server("s1", config: "cluster-init: true\nflannel-backend: wireguard\n")
        fleet.agent("a1", config: "flannel-backend: wireguard\n")
        let plan = try fleet.plan(TestFleet.playbook, options: PlanOptions(limit: "s1"))
        #expect(plan.steps(.restart).compactMap(\.host) == ["s1"])
    }

    @Test("a node-ip of the wrong family, an IPv6 cluster-cidr too wide for the node mask: refused")
    func familyAndNodeMask() {
        var family = TestFleet()
        family.server("s1", config: "cluster-init: true\nflannel-backend: wireguard\n")
        family.agent("a1", config: "node-ip: fd00::7\n")
        #expect(refusal(family).map(\.rule) == ["node-ip-family"])
        var mask = TestFleet()
        mask.server("s1", config: "cluster-init: true\nflannel-backend: wireguard\ncluster-cidr: fd00:42::/32\nservice-cidr: fd00:43::/112\n")
        #expect(refusal(mask).map(\.rule) == ["cluster-cidr-node-mask"])
    }
}
