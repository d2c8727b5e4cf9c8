import Testing
@testable import K3sMigrateCore

@Suite("planning uninstall after the Cilium cleanup")
struct UninstallPlanTests {
    let plan: Plan

    init() throws {
        plan = try CiliumFleet.make().plan(try ShippedPlaybooks.load("uninstall"))
    }

    @Test("rule 5: on each host every Cilium cleanup step comes before its uninstall")
    func cleanupBeforeUninstall() throws {
        for host in ["s1", "s2", "a1", "a2"] {
            let uninstall = try #require(plan.step("\(host)/uninstall"))
            let ancestors = plan.ancestors(of: uninstall.id)
            let cleanup = plan.steps.filter { $0.host == host && ($0.kind == .snapshot || $0.kind == .command) }
            #expect(cleanup.count == 6)
            for step in cleanup {
                #expect(ancestors.contains(step.id), "\(step.id) before \(uninstall.id)")
                #expect(plan.index(of: step.id)! < plan.index(of: uninstall.id)!)
            }
        }
    }

    @Test("agents before servers; the joining server before the server it joins; the right script per role")
    func order() throws {
        let s1 = plan.ancestors(of: "s1/uninstall")
        let s2 = plan.ancestors(of: "s2/uninstall")
        #expect(s2.isSuperset(of: ["a1/uninstall", "a2/uninstall"]))
        #expect(s1.contains("s2/uninstall"))
        guard case .run(let agentCommand) = plan.step("a1/uninstall")?.action,
              case .run(let serverCommand) = plan.step("s1/uninstall")?.action else { Issue.record("commands"); return }
        #expect(agentCommand.script == "/usr/local/bin/k3s-agent-uninstall.sh")
        #expect(serverCommand.script == "/usr/local/bin/k3s-uninstall.sh")
        #expect(plan.steps(.uninstall).allSatisfy { !$0.undo.isPossible })
    }

    @Test("--limit by label: only those hosts; a host without K3s and leftovers plans nothing")
    func limitAndIdempotence() throws {
        var fleet = CiliumFleet.make()
        var inventory = fleet.inventory
        inventory.agents[1].labels = ["role": "edge"]
        let limited = try Planner.plan(inventory: inventory, playbook: try ShippedPlaybooks.load("uninstall"), facts: fleet.facts,
                                       options: PlanOptions(limit: "role=edge"))
        #expect(Set(limited.steps.compactMap(\.host)) == ["a2"])
        #expect(limited.step("a2/uninstall")?.dependsOn == ["a2/cilium-rules:ip6tables"])

        fleet = CiliumFleet.make(leftovers: false)
        for name in ["s1", "s2", "a1", "a2"] {
            fleet.overrides[name] = { facts in
                facts = HostFacts(host: name, interfaces: ["lo", "eth0"], firewallDumps: ["iptables": CiliumDumps.clean])
            }
        }
        let gone = try fleet.plan(try ShippedPlaybooks.load("uninstall"))
        #expect(gone.steps.isEmpty)
    }

    @Test("killall after the cleanup: same order, undone by starting the service again")
    func killall() throws {
        let playbook = Playbook(name: "stop", summary: "test", actions: [.ciliumCleanup, .killall], restart: .none, file: "stop.yaml")
        let plan = try CiliumFleet.make().plan(playbook)
        let step = try #require(plan.step("a1/killall"))
        #expect(step.commandText == "/usr/local/bin/k3s-killall.sh" && step.kind == .uninstall)
        #expect(step.undo == .command(ShellCommand("systemctl", "restart", "k3s-agent")))
        #expect(plan.ancestors(of: "a1/killall").contains("a1/cilium-rules:ip6tables"))
        #expect(plan.ancestors(of: "s1/killall").isSuperset(of: ["a1/killall", "a2/killall", "s2/killall"]))
    }
}
