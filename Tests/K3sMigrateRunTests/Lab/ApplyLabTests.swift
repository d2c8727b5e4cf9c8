import Foundation
import Testing
@testable import K3sMigrateCore
@testable import K3sMigrateRun

@Suite("apply end to end over real SSH on the lab", .enabled(if: LabFleet.enabled), .serialized)
struct ApplyLabTests {
    static let servers = ["s1", "s2", "s3"]
    static let agents = ["a1", "a2", "a3", "a4", "a5"]
    static let all = servers + agents

    func snapshot(_ lab: LabFleet) throws -> [String: [String: LabFleet.FileState]] { try lab.k3sFiles(of: Self.all) }

    func stateDir() -> String { LabFleet.stateDir() }

    @Test("wireguard/ipsec -> wireguard-native on 3 servers + 5 agents: Ready everywhere, minimal edits, servers one at a time first")
    func migration() throws {
        let lab = try LabFleet.up("mig", servers: 3, agents: 5, scenario: "wireguard-mixed")
        defer { lab.down() }
        let before = try snapshot(lab)
        let started = Date()
        let state = stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let result = try BinaryRunner.run(["apply", "-i", lab.inventoryPath, "-p", "wireguard-native", "--yes", "--state-dir", state])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")

        let nodes = try lab.nodes()
        for node in Self.all {
            #expect(nodes[node]?.ready == true, "\(node) Ready")
            #expect(nodes[node]?.backend == "wireguard", "\(node) on wireguard-native (annotation 'wireguard')")
        }
        let after = try snapshot(lab)
        var changed: [String] = []
        for node in Self.all {
            for (path, old) in before[node] ?? [:] {
                let new = try #require(after[node]?[path], "\(node):\(path) still exists")
                #expect(new.modeOwner == old.modeOwner, "\(node):\(path) keeps owner and mode")
                guard new.content != old.content else { continue }
                changed.append("\(node):\(path)")
                let oldLines = old.content.split(separator: "\n", omittingEmptySubsequences: false)
                let newLines = new.content.split(separator: "\n", omittingEmptySubsequences: false)
                #expect(oldLines.count == newLines.count)
                let differing = zip(oldLines, newLines).filter { $0 != $1 }
                #expect(differing.count == 1, "\(node):\(path) differs in exactly one line")
                if let (o, n) = differing.first {
                    #expect(n == o.replacingOccurrences(of: "wireguard", with: "wireguard-native"), "only the value changed: \(o) -> \(n)")
                }
            }
        }
        #expect(changed.sorted() == ["s1:/etc/rancher/k3s/config.yaml", "s2:/etc/rancher/k3s/config.yaml.d/50-flannel.yaml",
                                     "s3:/etc/systemd/system/k3s.service"])

        let restarts = try lab.restarts(since: started)
        let serverEvents = restarts.filter { Self.servers.contains($0.node) }
        #expect(serverEvents.map { "\($0.node) \($0.result)" } == ["s1 begin", "s1 ok", "s2 begin", "s2 ok", "s3 begin", "s3 ok"],
                "servers restart one at a time, in order")
        let lastServer = try #require(restarts.lastIndex { Self.servers.contains($0.node) })
        let firstAgent = try #require(restarts.firstIndex { Self.agents.contains($0.node) })
        #expect(lastServer < firstAgent, "every server before any agent")
        #expect(Set(restarts.filter { $0.result == "ok" && Self.agents.contains($0.node) }.map(\.node)) == Set(Self.agents))

        let again = try BinaryRunner.run(["plan", "-i", lab.inventoryPath, "-p", "wireguard-native", "--detailed-exitcode"])
        #expect(again.status == 0, "converged: a second plan has nothing to do")
    }

    @Test("preflight failure (agent without the module, server with invalid YAML): nothing changes, errors name host, file and line")
    func preflightFailure() throws {
        let lab = try LabFleet.up("pre", servers: 3, agents: 5, scenario: "wireguard-mixed")
        defer { lab.down() }
        try lab.exec("a2", "sed -i '/^- wireguard$/d' /etc/k3s-lab/node.yaml")
        try lab.exec("s2", "printf 'flannel-backend: wireguard\\nnode-label: [broken\\n' > /etc/rancher/k3s/config.yaml.d/50-flannel.yaml")
        let before = try snapshot(lab)
        let started = Date()
        let state = stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let result = try BinaryRunner.run(["apply", "-i", lab.inventoryPath, "-p", "wireguard-native", "--yes", "--state-dir", state])
        #expect(result.status == 1)
        #expect(result.stderr.contains("host a2:") && result.stderr.contains("missing-kernel-module"), "\(result.stderr)")
        #expect(result.stderr.contains("host s2: /etc/rancher/k3s/config.yaml.d/50-flannel.yaml:3:1: invalid YAML"), "\(result.stderr)")
        #expect(try snapshot(lab) == before, "no file changed on any host")
        #expect(try lab.restarts(since: started).isEmpty, "nothing restarted")
    }

    @Test("an agent that fails to come back: everything rolled back byte for byte, every node Ready on its old backend")
    func rollbackOnFailure() throws {
        let lab = try LabFleet.up("rb", servers: 3, agents: 5, scenario: "wireguard-mixed", extra: ["--restart-delay", "1"])
        defer { lab.down() }
        let before = try snapshot(lab)
        let started = Date()
        let state = stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let run = try BackgroundRun(["apply", "-i", lab.inventoryPath, "-p", "wireguard-native", "--yes", "--state-dir", state,
                                     "--health-poll", "0.2"])
        // While the servers restart, a4 loses its WireGuard module: its restart onto wireguard-native fails.
        let serversBusy = try eventually(60) { try lab.restarts(since: started).contains { $0.node == "s1" && $0.result == "ok" } }
        #expect(serversBusy)
        try lab.exec("a4", "sed -i '/^- wireguard$/d' /etc/k3s-lab/node.yaml")
        let status = run.wait()
        #expect(status == 3, "exit 3: failed and rolled back cleanly\n\(run.text)")
        #expect(Date().timeIntervalSince(started) < 90, "ended within 90 s")
        #expect(run.text.contains("rolled back"))
        try lab.exec("a4", "printf -- '- wireguard\\n' >> /etc/k3s-lab/node.yaml")
        #expect(try snapshot(lab) == before, "every file byte for byte, owner and mode included")
        let nodes = try lab.nodes()
        for node in Self.all where node != "a4" {
            #expect(nodes[node]?.ready == true, "\(node) Ready")
            #expect(nodes[node]?.backend == "extension", "\(node) back on legacy wireguard (annotation 'extension')")
        }
    }

    @Test("controller killed mid-run, then apply --resume: the fleet converges")
    func killThenResume() throws {
        let lab = try LabFleet.up("res", servers: 3, agents: 5, scenario: "wireguard-mixed", extra: ["--restart-delay", "1"])
        defer { lab.down() }
        let state = stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let started = Date()
        let runID = try killMidRun(lab, state: state, started: started)
        let resuming = Date()
        let resumed = try BinaryRunner.run(["apply", "-i", lab.inventoryPath, "--resume", runID, "--yes", "--state-dir", state,
                                            "--health-poll", "0.2"])
        #expect(resumed.status == 0, "\(resumed.stdout)\n\(resumed.stderr)")
        #expect(Date().timeIntervalSince(resuming) < 60, "the resumed run ended within 60 s")
        let nodes = try lab.nodes()
        for node in Self.all {
            #expect(nodes[node]?.ready == true && nodes[node]?.backend == "wireguard", "\(node) Ready on wireguard-native")
        }
        let plan = try BinaryRunner.run(["plan", "-i", lab.inventoryPath, "-p", "wireguard-native", "--detailed-exitcode"])
        #expect(plan.status == 0)
    }

    @Test("controller killed mid-run, then rollback: the fleet is back where it was")
    func killThenRollback() throws {
        let lab = try LabFleet.up("kro", servers: 3, agents: 5, scenario: "wireguard-mixed", extra: ["--restart-delay", "1"])
        defer { lab.down() }
        let before = try snapshot(lab)
        let state = stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let runID = try killMidRun(lab, state: state, started: Date())
        let rollingBack = Date()
        let rollback = try BinaryRunner.run(["rollback", "-i", lab.inventoryPath, runID, "--state-dir", state])
        #expect(rollback.status == 0, "\(rollback.stdout)\n\(rollback.stderr)")
        #expect(Date().timeIntervalSince(rollingBack) < 60, "the rollback ended within 60 s")
        #expect(try snapshot(lab) == before)
        let nodes = try lab.nodes()
        for node in Self.all {
            #expect(nodes[node]?.ready == true && nodes[node]?.backend == "extension", "\(node) Ready on legacy wireguard")
        }
        let runs = try BinaryRunner.run(["runs", "--state-dir", state])
        #expect(runs.stdout.contains(runID) && runs.stdout.contains("rolled-back"))
    }

    @Test("SIGINT during a server restart finishes the step in flight, writes the journal and exits 130 within 5 s with the commands to resume or roll back")
    func interrupt() throws {
        let lab = try LabFleet.up("int", servers: 2, agents: 1, scenario: "wireguard-mixed", extra: ["--restart-delay", "1"])
        defer { lab.down() }
        let state = stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let started = Date()
        let run = try BackgroundRun(["apply", "-i", lab.inventoryPath, "-p", "wireguard-native", "--yes", "--state-dir", state])
        #expect(try eventually(60) { try lab.restarts(since: started).contains { $0.node == "s1" && $0.result == "begin" } })
        let signalled = Date()
        run.process.interrupt()
        #expect(run.wait() == 130, "\(run.text)")
        let took = Date().timeIntervalSince(signalled)
        #expect(took < 5, "exited \(took) s after SIGINT, the server restart in flight included")
        #expect(run.text.contains("--resume"))
        #expect(run.text.contains("k3smigrate rollback"))
        let restarts = try lab.restarts(since: started)
        #expect(restarts.contains { $0.node == "s1" && $0.result == "ok" }, "the restart in flight finished")
        #expect(!restarts.contains { $0.node == "s2" }, "no new step started after the signal")
    }

    @Test("two concurrent applies: the second refuses and names the holder; a second controller is refused by the host locks")
    func concurrentApplies() throws {
        let lab = try LabFleet.up("lock", servers: 2, agents: 1, scenario: "wireguard-mixed", extra: ["--restart-delay", "1"])
        defer { lab.down() }
        let state = stateDir(), otherController = stateDir()
        defer { try? FileManager.default.removeItem(atPath: state); try? FileManager.default.removeItem(atPath: otherController) }
        let started = Date()
        let first = try BackgroundRun(["apply", "-i", lab.inventoryPath, "-p", "wireguard-native", "--yes", "--state-dir", state])
        #expect(try eventually(60) { try lab.restarts(since: started).contains { $0.node == "s1" && $0.result == "begin" } })
        let refusing = Date()
        let sameMachine = try BinaryRunner.run(["apply", "-i", lab.inventoryPath, "-p", "wireguard-native", "--yes", "--state-dir", state])
        #expect(sameMachine.status == 1)
        #expect(sameMachine.stderr.contains("is locked by") && sameMachine.stderr.contains("[locked]"), "\(sameMachine.stderr)")
        // Another machine (its own state directory) reaches the host locks instead.
        let elsewhere = try BinaryRunner.run(["apply", "-i", lab.inventoryPath, "-p", "wireguard-native", "--yes", "--state-dir", otherController])
        #expect(elsewhere.status == 1)
        #expect(elsewhere.stderr.contains("host s1") || elsewhere.stderr.contains("host s2"), "\(elsewhere.stderr)")
        #expect(elsewhere.stderr.contains("locked"), "\(elsewhere.stderr)")
        #expect(Date().timeIntervalSince(refusing) < 20, "both refusals within 20 s")
        #expect(first.wait() == 0, "\(first.text)")
        let lockLeft = try lab.exec("s1", "test -e /var/lib/k3smigrate/lock && cat /var/lib/k3smigrate/lock")
        #expect(lockLeft.stdout.isEmpty, "the host lock is released at the end")
    }

    @Test("plan --out, then apply PLANFILE runs exactly it; a host that drifted since is refused, naming host and file")
    func savedPlan() throws {
        let lab = try LabFleet.up("saved", servers: 2, agents: 1, scenario: "wireguard-mixed")
        defer { lab.down() }
        let state = stateDir()
        let planFile = NSTemporaryDirectory() + "k3smigrate-plan-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: state); try? FileManager.default.removeItem(atPath: planFile) }
        let plan = try BinaryRunner.run(["plan", "-i", lab.inventoryPath, "-p", "wireguard-native", "--out", planFile])
        #expect(plan.status == 0, "\(plan.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: planFile)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)

        try lab.exec("s2", "printf '# touched\\n' >> /etc/rancher/k3s/config.yaml.d/50-flannel.yaml")
        let refused = try BinaryRunner.run(["apply", "-i", lab.inventoryPath, planFile, "--yes", "--state-dir", state])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("host s2: /etc/rancher/k3s/config.yaml.d/50-flannel.yaml"), "\(refused.stderr)")
        #expect(refused.stderr.contains("plan-drift"))

        let fresh = try BinaryRunner.run(["plan", "-i", lab.inventoryPath, "-p", "wireguard-native", "--out", planFile])
        #expect(fresh.status == 0)
        let applied = try BinaryRunner.run(["apply", "-i", lab.inventoryPath, planFile, "--yes", "--state-dir", state])
        #expect(applied.status == 0, "\(applied.stdout)\n\(applied.stderr)")
        #expect(try lab.nodes()["a1"]?.backend == "wireguard")
    }

    /// Starts an apply, SIGKILLs it once s2 has restarted, and returns the run id.
    private func killMidRun(_ lab: LabFleet, state: String, started: Date) throws -> String {
        let run = try BackgroundRun(["apply", "-i", lab.inventoryPath, "-p", "wireguard-native", "--yes", "--state-dir", state])
        let reached = try eventually(60) { try lab.restarts(since: started).contains { $0.node == "s2" && $0.result == "ok" } }
        #expect(reached, "\(run.text)")
        kill(run.process.processIdentifier, SIGKILL)
        _ = run.wait()
        let runs = try BinaryRunner.run(["runs", "--state-dir", state])
        let line = try #require(runs.stdout.split(separator: "\n").first, "\(runs.stdout)")
        #expect(line.contains("unfinished"))
        return String(line.split(separator: " ")[0])
    }
}
