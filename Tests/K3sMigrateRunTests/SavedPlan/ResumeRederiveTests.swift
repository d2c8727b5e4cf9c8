import Foundation
import Testing
@testable import K3sMigrateCore
@testable import K3sMigrateRun

/// `--resume` makes the plan again from live facts. A finished step may have changed a fact that
/// is not a file (a sysctl's running value, a deleted link, removed iptables rules): the plan
/// made again must still match the journal's steps, finished ones recognised as done, for every
/// point a run can stop at.
@Suite("Resume: steps that changed non-file facts")
struct ResumeRederiveTests {
    static let dump = """
        *filter
        :INPUT ACCEPT [0:0]
        :CILIUM_INPUT - [0:0]
        -A INPUT -m comment --comment "cilium-feeder: CILIUM_INPUT" -j CILIUM_INPUT
        -A CILIUM_INPUT -m mark --mark 0x200/0xf00 -j ACCEPT
        -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
        COMMIT

        """

    static let inventory = Inventory(cluster: "c", servers: [K3sMigrateCore.Host(name: "s1", address: "10.0.0.1", role: .server, location: SourceLocation(file: "inv.yaml", line: 1))],
                                     agents: [K3sMigrateCore.Host(name: "a1", address: "10.0.0.2", role: .agent, location: SourceLocation(file: "inv.yaml", line: 2))], file: "inv.yaml")

    static func host(_ name: String, role: Role, files: [String: FileFact] = [:]) -> HostFacts {
        var all = files
        let unit = K3sPaths.systemdUnit(role)
        all[unit] = FileFact(path: unit, text: ApplyFleet.unit(role))
        return HostFacts(host: name, files: all, k3sVersion: K3sVersion(1, 30, 6, k3s: 1), kernelModules: ["wireguard"],
                         interfaces: ["lo", "eth0", "cilium_host", "cilium_net"],
                         firewallDumps: ["iptables": dump, "ip6tables": dump], sysctls: ["net.ipv6.conf.all.accept_ra": "1"])
    }

    /// What each finished step changed on the live host, as the node would show it afterwards.
    static func effect(of step: Step, on facts: inout HostFacts) {
        switch step.action {
        case .run(let command) where step.id.contains("/delete-link:"):
            let link = String(step.id.split(separator: ":").last!)
            facts.interfaces?.removeAll { $0 == link }
            _ = command
        case .removeCiliumRules(let removal):
            facts.firewallDumps[removal.tool] = CiliumRuleFilter.filter(facts.firewallDumps[removal.tool]!).kept
        case .run(let command) where command.script.hasPrefix("sysctl"):
            let setting = command.script.split(separator: " ").last!.split(separator: "=")
            facts.sysctls[String(setting[0].trimmingCharacters(in: CharacterSet(charactersIn: "'")))] =
                String(setting[1].trimmingCharacters(in: CharacterSet(charactersIn: "'")))
        case .write(let write):
            facts.files[write.path] = FileFact(path: write.path, text: write.content ?? "", mode: write.mode)
        case .edit(let change):
            facts.files[change.path]?.content = change.afterBytes
        default:
            break
        }
    }

    /// Stops the run after each step in turn, applies what the finished steps did to the facts,
    /// and makes the resumed plan.
    func everyStoppingPoint(_ playbookName: String, facts: FleetFacts, hosts: [String: SimulatedHost] = [:]) async throws {
        let playbook = try PlaybookLocator.load(playbookName)
        let plan = try Planner.plan(inventory: Self.inventory, playbook: playbook, facts: facts, options: PlanOptions())
        #expect(plan.steps.contains { $0.changes }, "the playbook has work: \(plan.steps.map(\.id))")
        let record = SavedPlan.make(plan: plan, facts: facts, inventory: Self.inventory, inventoryText: "", options: PlanOptions(),
                                    playbookSource: playbookName)
        for stop in 1...plan.steps.count {
            let finished = Array(plan.steps.prefix(stop))
            var live = facts
            for step in finished {
                guard let name = step.host else { continue }
                Self.effect(of: step, on: &live.hosts[name]!)
            }
            let done = Set(finished.map(\.id))
            let remote = hosts.mapValues { $0 as any RemoteHost }
            let original = try await ResumeFacts.original(live, plan: record.plan, done: done, runID: "r1", hosts: remote)
            let derived = try Planner.plan(inventory: Self.inventory, playbook: playbook, facts: original, options: record.options)
            do {
                let resumed = try record.resumable(derived, done: done)
                #expect(resumed.steps.map(\.id) == plan.steps.map(\.id), "stopped after \(finished.last!.id)")
                #expect(resumed.steps.filter { !done.contains($0.id) } == plan.steps.filter { !done.contains($0.id) },
                        "the steps still to run are the recorded ones (stopped after \(finished.last!.id))")
            } catch {
                Issue.record("stopped after \(finished.last!.id): \(error.diagnostics.map(\.message))")
            }
        }
    }

    /// Hosts holding what the snapshot step saved (the dumps before any rule went).
    static func snapshotted() -> [String: SimulatedHost] {
        let sim = SimulatedFleet(runID: "r1")
        var hosts: [String: SimulatedHost] = [:]
        for (name, role) in [("s1", Role.server), ("a1", .agent)] {
            hosts[name] = SimulatedHost(name: name, role: role, fleet: sim, files: [
                FirewallPaths.snapshot("iptables", run: "r1"): ApplyFleet.file(dump),
                FirewallPaths.snapshot("ip6tables", run: "r1"): ApplyFleet.file(dump),
            ])
        }
        return hosts
    }

    @Test("cilium cleanup: links deleted and rules removed by finished steps are not drift")
    func ciliumCleanup() async throws {
        let facts = FleetFacts(["s1": Self.host("s1", role: .server), "a1": Self.host("a1", role: .agent)])
        try await everyStoppingPoint("cilium-cleanup", facts: facts, hosts: Self.snapshotted())
    }

    @Test("cilium cleanup: a new link since the run, or a missing snapshot, refuses naming the step or the file")
    func ciliumRealDrift() async throws {
        let playbook = try PlaybookLocator.load("cilium-cleanup")
        let facts = FleetFacts(["s1": Self.host("s1", role: .server), "a1": Self.host("a1", role: .agent)])
        let plan = try Planner.plan(inventory: Self.inventory, playbook: playbook, facts: facts, options: PlanOptions())
        let record = SavedPlan.make(plan: plan, facts: facts, inventory: Self.inventory, inventoryText: "", options: PlanOptions(),
                                    playbookSource: "cilium-cleanup")
        let upTo = try #require(plan.steps.firstIndex { $0.id == "s1/cilium-rules:iptables" })
        let done = Set(plan.steps.prefix(upTo + 1).map(\.id))
        var live = facts
        for step in plan.steps.prefix(upTo + 1) { if let name = step.host { Self.effect(of: step, on: &live.hosts[name]!) } }

        var grown = live
        grown.hosts["a1"]?.interfaces?.insert("cilium_vxlan", at: 2)
        let original = try await ResumeFacts.original(grown, plan: record.plan, done: done, runID: "r1",
                                                      hosts: Self.snapshotted().mapValues { $0 as any RemoteHost })
        let derived = try Planner.plan(inventory: Self.inventory, playbook: playbook, facts: original, options: record.options)
        let refusal = #expect(throws: DiagnosticsError.self) { try record.resumable(derived, done: done) }
        #expect(refusal?.diagnostics.first?.host == "a1")
        #expect(refusal?.diagnostics.first?.message.contains("a1/delete-link:cilium_") == true, "\(refusal?.diagnostics ?? [])")

        let sim = SimulatedFleet(runID: "r1")
        let bare = ["s1": SimulatedHost(name: "s1", role: .server, fleet: sim, files: [:]) as any RemoteHost]
        await #expect {
            _ = try await ResumeFacts.original(live, plan: record.plan, done: done, runID: "r1", hosts: bare)
        } throws: { error in
            let message = (error as? DiagnosticsError)?.diagnostics.first?.message ?? ""
            return message.contains(FirewallPaths.snapshot("iptables", run: "r1")) && message.contains("missing")
        }
    }

    @Test("sysctl: a value applied by a finished step is not drift (file created by the run)")
    func sysctlCreated() async throws {
        let facts = FleetFacts(["s1": Self.host("s1", role: .server), "a1": Self.host("a1", role: .agent)])
        try await everyStoppingPoint("ipv6-accept-ra", facts: facts)
    }

    @Test("sysctl: a value applied by a finished step is not drift (existing file backed up and edited)")
    func sysctlEdited() async throws {
        let path = "/etc/sysctl.d/90-k3s-ipv6-accept-ra.conf"
        let text = "# ops\nnet.ipv6.conf.all.accept_ra = 1\n"
        let facts = FleetFacts(["s1": Self.host("s1", role: .server, files: [path: FileFact(path: path, text: text, mode: 0o644)]),
                                "a1": Self.host("a1", role: .agent, files: [path: FileFact(path: path, text: text, mode: 0o644)])])
        let sim = SimulatedFleet(runID: "r1")
        var hosts: [String: SimulatedHost] = [:]
        for (name, role) in [("s1", Role.server), ("a1", .agent)] {
            // The backups the finished backup steps made.
            hosts[name] = SimulatedHost(name: name, role: role, fleet: sim,
                                        files: [BackupPaths.backup(of: path, run: "r1"): ApplyFleet.file(text, mode: 0o644)])
        }
        try await everyStoppingPoint("ipv6-accept-ra", facts: facts, hosts: hosts)
    }
}
