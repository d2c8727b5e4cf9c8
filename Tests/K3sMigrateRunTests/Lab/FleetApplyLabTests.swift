import Foundation
import Testing
@testable import K3sMigrateCore
@testable import K3sMigrateRun

/// `apply -i DIR` over several lab fleets at once (one small cluster each), over real SSH.
@Suite("fleet of clusters: apply over several lab fleets", .enabled(if: LabFleet.enabled), .serialized)
struct FleetApplyLabTests {
    func stateDir() -> String { LabFleet.stateDir() }

    @Test("canary then two waves; one cluster fails mid-run and is rolled back alone while the others migrate")
    func canaryWavesOneRolledBack() throws {
        let fleet = try LabClusters.up("fw", clusters: ["store-1", "store-2", "store-3"])
        defer { fleet.down() }
        let state = stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let before = try fleet.snapshot("store-2")
        let started = Date()
        let run = try BackgroundRun(["apply", "-i", fleet.directory, "-p", "wireguard-native", "--yes", "--state-dir", state,
                                     "--canary", "1", "--waves", "50%,100%", "--max-failed-clusters", "1", "--health-poll", "0.2"])
        // store-2 (wave 2) loses its agent's WireGuard module once its preflight has passed: as soon as
        // its server holds backups of this run (backups come after preflight, and the server's
        // restart, 1 s in this lab, plus its health gate come before the agent's restart). Waiting
        // for the server's restart to finish instead raced with a fast agent restart.
        let edited = "test -n \"$(ls -A /var/lib/k3smigrate/runs/*/files 2>/dev/null)\""
        #expect(try fleet.lab("store-2").exec("s1", edited).status != 0, "no backups before the run")
        let reached = try eventually(120) { try fleet.lab("store-2").exec("s1", edited).status == 0 }
        #expect(reached, "\(run.text)")
        #expect(try fleet.lab("store-2").restarts(since: started).filter { $0.node == "a1" }.isEmpty, "the agent has not restarted yet")
        try fleet.lab("store-2").exec("a1", "sed -i '/^- wireguard$/d' /etc/k3s-lab/node.yaml")
        let status = run.wait()
        try fleet.lab("store-2").exec("a1", "printf -- '- wireguard\\n' >> /etc/k3s-lab/node.yaml")
        let text = run.text
        #expect(status == 3, "exit 3: a cluster rolled back cleanly\n\(text)")
        #expect(fleetTable(text) == ["store-1": "done", "store-2": "rolled-back", "store-3": "done"], "\(text)")
        // The canary finished before wave 2 started, and wave 2 before wave 3.
        let order = ["[store-1] done", "wave 2 of 3", "[store-2] rolled-back", "wave 3 of 3", "[store-3] done"]
        let positions = order.map { text.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil }, "\(text)")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "\(text)")
        // Host names are scoped to their cluster in the output.
        #expect(text.contains("[store-2/a1]"))
        #expect(try fleet.isReady("store-1", backend: "wireguard"))
        #expect(try fleet.isReady("store-3", backend: "wireguard"))
        #expect(try fleet.isReady("store-2", backend: "extension"), "store-2 back on legacy wireguard")
        #expect(try fleet.snapshot("store-2") == before, "store-2's files byte for byte, owner and mode included")
        // One fleet run plus one run per cluster, each with its own id and journal.
        let runs = try BinaryRunner.run(["runs", "--state-dir", state]).stdout
        #expect(runs.split(separator: "\n").count == 4, "\(runs)")
        #expect(runs.contains("fleet \(fleet.directory) (3 clusters)") && runs.contains("rolled-back"))
    }

    @Test("--max-failed-clusters 0: the first failed cluster stops the waves; later clusters never start")
    func budgetZeroStops() throws {
        let fleet = try LabClusters.up("fb", clusters: ["store-1", "store-2", "store-3"])
        defer { fleet.down() }
        let state = stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        // The canary's agent lacks the WireGuard module: its preflight refuses it.
        try fleet.lab("store-1").exec("a1", "sed -i '/^- wireguard$/d' /etc/k3s-lab/node.yaml")
        // plan over SSH: store-1 is refused, named with host and rule; the other two are planned.
        let plan = try BinaryRunner.run(["plan", "-i", fleet.directory, "-p", "wireguard-native", "--format", "json", "--max-sessions", "2"])
        #expect(plan.status == 1, "\(plan.stderr)")
        #expect(plan.stderr.contains("error: host store-1/a1:") && plan.stderr.contains("[missing-kernel-module]"), "\(plan.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
        let summary = try #require(document["summary"] as? [String: Any])
        #expect(summary["withChanges"] as? [String] == ["store-2", "store-3"])
        #expect((summary["refused"] as? [[String: Any]])?.compactMap { $0["cluster"] as? String } == ["store-1"])
        // facts --save over SSH writes DIR/<cluster>/<host>/, and planning from it gives the same document.
        let saved = state + "-facts"
        defer { try? FileManager.default.removeItem(atPath: saved) }
        let facts = try BinaryRunner.run(["facts", "-i", fleet.directory, "--save", saved])
        #expect(facts.status == 0, "\(facts.stderr)")
        #expect(FileManager.default.fileExists(atPath: saved + "/store-2/s1/etc/rancher/k3s/config.yaml"))
        let offline = try BinaryRunner.run(["plan", "-i", fleet.directory, "-p", "wireguard-native", "--format", "json", "--from-dir", saved])
        #expect(offline.status == 1)
        #expect(offline.stdout == plan.stdout, "the offline fleet plan is the live one, byte for byte")
        let started = Date()
        let result = try BinaryRunner.run(["apply", "-i", fleet.directory, "-p", "wireguard-native", "--yes", "--state-dir", state,
                                           "--canary", "1", "--waves", "100%", "--max-failed-clusters", "0", "--health-poll", "0.2"])
        let text = result.stdout + result.stderr
        #expect(result.status == 1, "exit 1: a cluster refused before any change, nothing else started\n\(text)")
        #expect(fleetTable(result.stdout) == ["store-1": "refused", "store-2": "not-started", "store-3": "not-started"], "\(text)")
        #expect(text.contains("failure budget exceeded (1 failed, 0 allowed)"))
        #expect(text.contains("[store-1] refused") && text.contains("host store-1/a1:"), "the refusal names cluster and host\n\(text)")
        for cluster in ["store-2", "store-3"] {
            #expect(try fleet.lab(cluster).restarts(since: started).isEmpty, "\(cluster) untouched")
            #expect(try fleet.isReady(cluster, backend: "extension"))
        }
    }

    @Test("kill -9 of a fleet run, then apply --resume: finished clusters stay, the one in flight resumes its own run, the rest start")
    func killThenResume() throws {
        let fleet = try LabClusters.up("fk", clusters: ["store-1", "store-2", "store-3"])
        defer { fleet.down() }
        let state = stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let started = Date()
        let run = try BackgroundRun(["apply", "-i", fleet.directory, "-p", "wireguard-native", "--yes", "--state-dir", state,
                                     "--clusters-parallel", "1", "--health-poll", "0.2"])
        let reached = try eventually(120) { try fleet.lab("store-2").restarts(since: started).contains { $0.node == "s1" && $0.result == "ok" } }
        #expect(reached, "\(run.text)")
        kill(run.process.processIdentifier, SIGKILL)
        _ = run.wait()
        #expect(!run.text.contains("[store-3] starting"))
        let runs = try BinaryRunner.run(["runs", "--state-dir", state]).stdout
        let fleetLine = try #require(runs.split(separator: "\n").first { $0.contains("fleet \(fleet.directory)") }, "\(runs)")
        #expect(fleetLine.contains("unfinished"))
        let fleetRun = String(fleetLine.split(separator: " ")[0])

        let resumed = try BinaryRunner.run(["apply", "-i", fleet.directory, "--resume", fleetRun, "--yes", "--state-dir", state,
                                            "--health-poll", "0.2"])
        #expect(resumed.status == 0, "\(resumed.stdout)\n\(resumed.stderr)")
        #expect(resumed.stdout.contains("resuming fleet run \(fleetRun)"))
        #expect(resumed.stdout.contains("[store-2] resuming run \(fleetRun)-c2"), "store-2 continues its own run\n\(resumed.stdout)")
        #expect(!resumed.stdout.contains("[store-1] starting") && !resumed.stdout.contains("[store-1] resuming"), "store-1 was done")
        #expect(fleetTable(resumed.stdout) == ["store-1": "done", "store-2": "done", "store-3": "done"], "\(resumed.stdout)")
        for cluster in fleet.names { #expect(try fleet.isReady(cluster, backend: "wireguard"), "\(cluster)") }
        let after = try BinaryRunner.run(["runs", "--state-dir", state]).stdout
        #expect(after.split(separator: "\n").first { $0.hasPrefix(fleetRun + " ") }?.contains("succeeded") == true, "\(after)")
        let show = try BinaryRunner.run(["runs", "show", fleetRun, "--state-dir", state, "--format", "json"]).stdout
        #expect(show.contains("\"fleet-resumed\""))
    }

    @Test("two shards at the same time on one fleet: disjoint, together complete, every cluster migrated once")
    func twoShardsAtOnce() throws {
        // Names chosen so that both shards of 2 are non-empty (the split is a fixed hash).
        let candidates = (1...20).map { "store-\($0)" }
        let zero = try ClusterShard.parse("0/2").get()
        let names = Array(candidates.filter(zero.contains).prefix(2) + candidates.filter { !zero.contains($0) }.prefix(1)).sorted()
        let fleet = try LabClusters.up("fs", clusters: names)
        defer { fleet.down() }
        let state = stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let started = Date()
        let runs = try ["0/2", "1/2"].map { shard in
            try BackgroundRun(["apply", "-i", fleet.directory, "-p", "wireguard-native", "--yes", "--state-dir", state,
                               "--shard", shard, "--health-poll", "0.2"])
        }
        let statuses = runs.map { $0.wait() }
        #expect(statuses == [0, 0], "\(runs.map(\.text))")
        let tables = runs.map { fleetTable($0.text) }
        let first = Set(tables[0].keys), second = Set(tables[1].keys)
        #expect(first.isDisjoint(with: second))
        #expect(first.union(second) == Set(names))
        #expect(first == Set(names.filter(zero.contains)))
        for cluster in names {
            #expect(try fleet.isReady(cluster, backend: "wireguard"), "\(cluster)")
            let restarts = try fleet.lab(cluster).restarts(since: started).filter { $0.result == "ok" }
            #expect(restarts.filter { $0.node == "s1" }.count == 1, "\(cluster) restarted once by exactly one shard")
        }
    }

    @Test("SIGINT: the cluster in flight stops as a single run does, no new cluster starts, exit 130 with the command to resume")
    func interrupt() throws {
        let fleet = try LabClusters.up("fi", clusters: ["store-1", "store-2"])
        defer { fleet.down() }
        let state = stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let started = Date()
        let run = try BackgroundRun(["apply", "-i", fleet.directory, "-p", "wireguard-native", "--yes", "--state-dir", state,
                                     "--clusters-parallel", "1", "--health-poll", "0.2"])
        #expect(try eventually(60) { try fleet.lab("store-1").restarts(since: started).contains { $0.node == "s1" && $0.result == "begin" } })
        run.process.interrupt()
        let status = run.wait()
        let text = run.text
        #expect(status == 130, "\(text)")
        #expect(fleetTable(text) == ["store-1": "interrupted", "store-2": "not-started"], "\(text)")
        #expect(text.contains("--resume "))
        #expect(try fleet.lab("store-2").restarts(since: started).isEmpty, "store-2 never started")
        let restarts = try fleet.lab("store-1").restarts(since: started)
        #expect(restarts.contains { $0.node == "s1" && $0.result == "ok" }, "the restart in flight finished")
        #expect(!restarts.contains { $0.node == "a1" }, "no new step started after the signal")
    }
}
