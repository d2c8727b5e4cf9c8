import Testing
@testable import K3sMigrateCore

@Suite("Planner ordering rules")
struct PlannerOrderingTests {
    let plan: Plan

    init() throws {
        plan = try TestFleet.wireguardMixed().plan()
    }

    @Test("rule 1: every changing step comes after preflight on every targeted host")
    func preflightFirst() throws {
        let preflights = Set(plan.steps(.preflight).map(\.id))
        #expect(preflights == Set(["s1", "s2", "s3", "a1", "a2", "a3", "a4", "a5"].map { "\($0)/preflight" }))
        for step in plan.steps where step.changes {
            let ancestors = plan.ancestors(of: step.id)
            #expect(preflights.isSubset(of: ancestors), "\(step.id) does not wait for every preflight")
        }
    }

    @Test("rule 2: every file is backed up before its first change")
    func backupBeforeEdit() throws {
        let edits = plan.steps(.editFile)
        #expect(edits.count == 3)
        for edit in edits {
            guard case .edit(let change) = edit.action else { Issue.record("edit step without a change"); continue }
            let backups = plan.ancestors(of: edit.id).compactMap { plan.step($0) }.filter {
                if case .backup(let path) = $0.action { return path == change.writePath }
                return false
            }
            #expect(backups.count == 1, "\(edit.id) has no backup of \(change.writePath)")
            #expect(edit.undo == .restoreFile(path: change.writePath, backupStep: backups[0].id))
        }
    }

    @Test("rule 3: settings change on all servers before any server restarts")
    func allServersConfiguredFirst() throws {
        let serverEdits = plan.steps(.editFile).filter { $0.role == .server }.map(\.id)
        #expect(serverEdits.count == 3)
        for restart in plan.steps(.restart) where restart.role == .server {
            #expect(Set(serverEdits).isSubset(of: plan.ancestors(of: restart.id)))
        }
        let reload = try #require(plan.step("s3/daemon-reload"), "the unit changed on s3, so systemd must reload")
        #expect(plan.ancestors(of: "s1/restart").contains(reload.id))
    }

    @Test("rule 4: servers restart one at a time, init server first, each gated on health")
    func serversSerial() throws {
        let restarts = plan.steps(.restart).filter { $0.role == .server }.compactMap(\.host)
        #expect(restarts == ["s1", "s2", "s3"])
        #expect(plan.ancestors(of: "s2/restart").contains("s1/health"))
        #expect(plan.ancestors(of: "s3/restart").contains("s2/health"))
        #expect(plan.step("s1/health")?.dependsOn == ["s1/restart"])
    }

    @Test("rule 4: agents restart only after every server is healthy, in batches")
    func agentsAfterServersInBatches() throws {
        let batched = try TestFleet.wireguardMixed().plan(options: PlanOptions(agentBatchSize: 2))
        let agentRestarts = batched.steps(.restart).filter { $0.role == .agent }
        #expect(agentRestarts.count == 5)
        for restart in agentRestarts {
            let ancestors = batched.ancestors(of: restart.id)
            #expect(["s1/health", "s2/health", "s3/health"].allSatisfy(ancestors.contains))
        }
        #expect(batched.ancestors(of: "a3/restart").isSuperset(of: ["a1/health", "a2/health"]))
        #expect(!batched.ancestors(of: "a2/restart").contains("a1/health"), "a1 and a2 share a batch")
        #expect(batched.ancestors(of: "a5/restart").isSuperset(of: ["a3/health", "a4/health"]))
    }

    @Test("steps are listed in an order that respects every dependency")
    func topologicalOrder() throws {
        for (index, step) in plan.steps.enumerated() {
            for dependency in step.dependsOn {
                let position = try #require(plan.index(of: dependency), "\(step.id) depends on unknown \(dependency)")
                #expect(position < index)
            }
        }
        #expect(Set(plan.steps.map(\.id)).count == plan.steps.count, "step ids are unique")
    }

    @Test("the joined server restarts first even when listed last")
    func initServerFirst() throws {
        var fleet = TestFleet()
        fleet.server("s1", config: "server: https://10.9.0.3:6443\nflannel-backend: ipsec\n")
        fleet.server("s2", config: "server: https://10.9.0.3:6443\nflannel-backend: ipsec\n")
        fleet.server("s3", config: "flannel-backend: ipsec\n")
        let plan = try fleet.plan()
        #expect(plan.steps(.restart).compactMap(\.host) == ["s3", "s1", "s2"])
    }
}
