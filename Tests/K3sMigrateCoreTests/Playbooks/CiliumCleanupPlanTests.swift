import Testing
@testable import K3sMigrateCore

@Suite("planning the Cilium cleanup")
struct CiliumCleanupPlanTests {
    let playbook: Playbook
    let plan: Plan

    init() throws {
        playbook = try ShippedPlaybooks.load("cilium-cleanup")
        plan = try CiliumFleet.make().plan(playbook)
    }

    @Test("per host: snapshot, then every cilium_* link, then Cilium's rules per backend, in a chain")
    func stepsPerHost() throws {
        for host in ["s1", "s2", "a1", "a2"] {
            let ids = plan.steps.filter { $0.host == host && $0.kind != .preflight }.map(\.id)
            #expect(ids == ["\(host)/snapshot:firewall", "\(host)/delete-link:cilium_net", "\(host)/delete-link:cilium_host",
                            "\(host)/delete-link:cilium_vxlan", "\(host)/cilium-rules:iptables", "\(host)/cilium-rules:ip6tables"])
            for (earlier, later) in zip(ids, ids.dropFirst()) {
                #expect(plan.step(later)?.dependsOn == [earlier])
            }
            #expect(plan.ancestors(of: ids[0]).contains("@preflight"))
        }
        #expect(plan.steps(.restart).isEmpty)
    }

    @Test("the snapshot saves full dumps (legacy only when it holds rules) with mode 0600 under the run's directory")
    func snapshot() throws {
        let step = try #require(plan.step("s1/snapshot:firewall"))
        guard case .run(let command) = step.action else { Issue.record("snapshot is a command"); return }
        #expect(command.script == "umask 077 && mkdir -p -m 0700 -- /var/lib/k3smigrate/runs/RUN_ID/firewall"
                + " && iptables-save > /var/lib/k3smigrate/runs/RUN_ID/firewall/iptables.rules"
                + " && ip6tables-save > /var/lib/k3smigrate/runs/RUN_ID/firewall/ip6tables.rules")
        #expect(RunPlaceholder.resolve(command, run: "20261128-0400-ab12").script.contains("/runs/20261128-0400-ab12/firewall/iptables.rules"))
        #expect(!step.changes && step.undo == .nothing)
    }

    @Test("rule steps list what goes and are undone by restoring the full dump; link deletions can't be undone")
    func undo() throws {
        let rules = try #require(plan.step("a1/cilium-rules:iptables"))
        guard case .removeCiliumRules(let removal) = rules.action else { Issue.record("rule step action"); return }
        #expect(removal.tool == "iptables" && removal.expected.count == 13)
        #expect(rules.undo == .command(ShellCommand("iptables-restore", "/var/lib/k3smigrate/runs/RUN_ID/firewall/iptables.rules")))
        #expect(rules.diffText?.contains("- [filter] -A INPUT -m comment --comment \"cilium-feeder: CILIUM_INPUT\" -j CILIUM_INPUT") == true)
        #expect(rules.diffText?.contains("9962") == false)
        #expect(rules.commandText == "iptables-save  (filtered by k3smigrate into /var/lib/k3smigrate/runs/RUN_ID/firewall/iptables.cleaned)\n"
                + "iptables-restore /var/lib/k3smigrate/runs/RUN_ID/firewall/iptables.cleaned")
        let link = try #require(plan.step("a1/delete-link:cilium_host"))
        #expect(!link.undo.isPossible)
        #expect(Set(plan.irreversibleSteps.map(\.kind)) == [.command])
        #expect(plan.irreversibleSteps.count == 12)
    }

    @Test("a link already gone is fine: the delete falls back to checking that it is absent")
    func linkCommand() {
        #expect(CiliumCleanupPlanner.deleteLink("cilium_host").script
                == "ip link delete dev cilium_host || ( ip link show dev cilium_host > /dev/null 2>/dev/null; test $? -ne 0 )")
    }

    @Test("each kept rule that mentions cilium is a warning naming host and backend")
    func keptRuleWarnings() throws {
        let kept = plan.warnings.filter { $0.rule == "cilium-rule-kept" }
        #expect(kept.count == 8, "4 hosts x iptables and ip6tables")
        #expect(kept.allSatisfy { $0.severity == .warning && $0.message.contains("allow cilium metrics scrape (ops)") })
        #expect(Set(kept.compactMap(\.host)) == ["s1", "s2", "a1", "a2"])
    }

    @Test("a clean fleet plans nothing (a second apply changes nothing)")
    func idempotent() throws {
        let clean = try CiliumFleet.make(leftovers: false).plan(playbook)
        #expect(clean.steps.isEmpty && !clean.hasChanges)
        #expect(clean.warnings.isEmpty, "kept rules are reported only where rules go")
    }

    @Test("facts without firewall dumps: rules are found at apply time, with a warning")
    func noDumps() throws {
        var fleet = CiliumFleet.make(agents: 0)
        for name in ["s1", "s2"] { fleet.overrides[name] = { $0.interfaces = ["eth0"] } }
        let plan = try fleet.plan(playbook)
        #expect(plan.steps.filter { $0.host == "s1" && $0.kind != .preflight }.map(\.id)
                == ["s1/snapshot:firewall", "s1/cilium-rules:iptables", "s1/cilium-rules:ip6tables"])
        #expect(plan.warnings.contains { $0.rule == "firewall-unknown" && $0.host == "s1" })
    }

    @Test("preflight checks the run directory and iptables-restore")
    func preflight() throws {
        let step = try #require(plan.step("a2/preflight"))
        guard case .checks(let checks) = step.action else { Issue.record("preflight checks"); return }
        #expect(checks.contains { $0.name == "run-dir-writable" } && checks.contains { $0.name == "iptables-restore" })
    }
}
