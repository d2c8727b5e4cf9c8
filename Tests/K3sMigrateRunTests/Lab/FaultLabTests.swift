import Foundation
import Testing
@testable import K3sMigrateCore
@testable import K3sMigrateRun

/// One test per fault an operator meets at 3 a.m. Each asserts the end state (every node
/// migrated, or every file byte for byte as before and every node Ready), the exit code and a
/// time bound. Faults already covered by `ApplyLabTests` (unreachable at preflight is a
/// preflight failure there, a server or agent failing on the new backend, SIGKILL then resume
/// or rollback, SIGINT, two controllers, a saved plan whose hosts drifted) are not repeated.
// Nested in ApplyLabTests so that its `.serialized` covers these too: the lab tests block their
// thread while they wait, and more of them at once starve the async lab tests of the
// concurrency pool (on 2 cores) and stretch their time bounds.
extension ApplyLabTests {
@Suite("faults end in the true state, with the true exit code, in bounded time")
struct FaultLabTests {
    static let servers = ["s1", "s2"]
    static let agents = ["a1", "a2", "a3"]
    static let all = servers + agents

    func snapshot(_ lab: LabFleet) throws -> [String: [String: LabFleet.FileState]] { try lab.k3sFiles(of: Self.all) }

    func stateDir() -> String { LabFleet.stateDir() }

    func expectAllReadyOnOldBackend(_ lab: LabFleet) throws {
        let nodes = try lab.nodes()
        for node in Self.all {
            #expect(nodes[node]?.ready == true, "\(node) Ready")
            #expect(nodes[node]?.backend == "extension", "\(node) on legacy wireguard (annotation 'extension')")
        }
    }

    @Test("an agent partitioned mid-run (packets dropped, no RST): said in words, its untouched restart not undone, exit 3 within 60 s")
    func partitionedAgent() throws {
        let lab = try LabFleet.up("part", servers: 2, agents: 3, scenario: "wireguard-mixed", extra: ["--restart-delay", "1"])
        defer { lab.down() }
        let before = try snapshot(lab)
        let state = stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let started = Date()
        let run = try BackgroundRun(["apply", "-i", lab.inventoryPath, "-p", "wireguard-native", "--yes", "--state-dir", state,
                                     "--health-poll", "0.2"])
        #expect(try eventually(60) { try lab.restarts(since: started).contains { $0.node == "s1" && $0.result == "ok" } })
        // a3's session is idle now (its restart comes after both servers): cut it off.
        try lab.partition("a3")
        let cut = Date()
        let status = run.wait()
        let took = Date().timeIntervalSince(cut)
        try lab.heal("a3")
        #expect(status == 3, "exit 3: every change that was made is undone\n\(run.text)")
        #expect(took < 60, "ended \(Int(took)) s after the partition")
        let address = try #require(try lab.inventory().hosts.first { $0.name == "a3" }?.address)
        #expect(run.text.contains("no answer from a3 (\(address)) for ") && run.text.contains("s: network or host down"), "\(run.text)")
        #expect(run.text.contains("never started on the host: nothing to undo"), "\(run.text)")
        #expect(!run.text.contains("rollback incomplete"), "\(run.text)")
        let a3Restarts = try lab.restarts(since: started).filter { $0.node == "a3" }
        #expect(a3Restarts.isEmpty, "a3 was never restarted")
        #expect(try snapshot(lab) == before, "every file byte for byte, owner and mode included")
        try expectAllReadyOnOldBackend(lab)
    }

    @Test("an agent behind a jump host goes silent (the jump host answers): said in words within about 15 s, nothing to undo there, exit 3 within 60 s")
    func partitionedBehindJumpHost() throws {
        let lab = try LabFleet.up("jpart", servers: 2, agents: 3, scenario: "wireguard-mixed", extra: ["--restart-delay", "1"])
        defer { lab.down() }
        let inventory = try lab.inventory()
        let s1 = try #require(inventory.hosts.first { $0.name == "s1" }?.address)
        let a3 = try #require(inventory.hosts.first { $0.name == "a3" }?.address)
        // a3 is reached only through s1 (ProxyJump).
        let viaJump = lab.stateDirectory + "/inventory-jump.yaml"
        let text = try String(contentsOfFile: lab.inventoryPath, encoding: .utf8)
        let entry = "  - name: a3\n    address: \(a3)\n"
        #expect(text.contains(entry))
        try text.replacingOccurrences(of: entry, with: entry + "    ssh: { jump: root@\(s1) }\n")
            .write(toFile: viaJump, atomically: true, encoding: .utf8)
        let before = try snapshot(lab)
        let state = stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let started = Date()
        let run = try BackgroundRun(["apply", "-i", viaJump, "-p", "wireguard-native", "--yes", "--state-dir", state,
                                     "--health-poll", "0.2", "-v"])
        #expect(try eventually(60) { try lab.restarts(since: started).contains { $0.node == "s1" && $0.result == "ok" } })
        // a3's tunnelled session is idle now: cut a3 off (s1, the jump host, stays reachable).
        try lab.partition("a3")
        let cut = Date()
        let finished = try eventually(90) { !run.process.isRunning }
        if !finished { kill(run.process.processIdentifier, SIGKILL) }
        let status = run.wait()
        let took = Date().timeIntervalSince(cut)
        try lab.heal("a3")
        #expect(finished, "still running 90 s after the partition\n\(run.text)")
        #expect(status == 3, "exit 3: every change that was made is undone\n\(run.text)")
        #expect(took < 60, "ended \(Int(took)) s after the partition")
        let said = run.text.split(separator: "\n").first { $0.contains("no answer from a3 (\(a3)) for ") }
        #expect(said?.contains("s: network or host down") == true, "\(run.text)")
        #expect(run.text.contains("never started on the host: nothing to undo"), "\(run.text)")
        #expect(!run.text.contains("rollback incomplete"), "\(run.text)")
        #expect(try lab.restarts(since: started).filter { $0.node == "a3" }.isEmpty, "a3 was never restarted")
        #expect(try snapshot(lab) == before, "every file byte for byte, owner and mode included")
        try expectAllReadyOnOldBackend(lab)
    }

    @Test("an agent that reboots during its restart: a new session, the restart's outcome checked on the host (no second restart), every node migrated and Ready, exit 0 within 90 s")
    func rebootDuringRestart() throws {
        let lab = try LabFleet.up("reboot", servers: 2, agents: 3, scenario: "wireguard-mixed", extra: ["--restart-delay", "1"])
        defer { lab.down() }
        // a2's restart takes 3 s: the reboot lands while `systemctl restart` runs in its session.
        try lab.exec("a2", "sed -i 's/^restart_delay: .*/restart_delay: 3/' /etc/k3s-lab/node.yaml")
        let state = stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let started = Date()
        let run = try BackgroundRun(["apply", "-i", lab.inventoryPath, "-p", "wireguard-native", "--yes", "--state-dir", state,
                                     "--health-poll", "0.2"])
        let inRestart = try eventually(90) {
            try lab.restarts(since: started).contains { $0.node == "a2" && $0.phase == "restart" && $0.result == "begin" }
        }
        #expect(inRestart, "\(run.text)")
        try lab.reboot("a2", downFor: 2)
        let status = run.wait()
        let took = Date().timeIntervalSince(started)
        #expect(status == 0, "exit 0: the reboot was noticed and the run went on\n\(run.text)")
        #expect(took < 90, "ended \(Int(took)) s after it started")
        #expect(try lab.rebooted("a2"), "a2 rebooted")
        let restartLine = try #require(run.text.split(separator: "\n").first { $0.contains("[a2] ok restart:") },
                                       "\(run.text)")
        #expect(restartLine.contains("the session dropped") && restartLine.contains("a new one opened after")
                && restartLine.contains("(since this step began): no second restart"), "\(restartLine)")
        // The restart k3smigrate began was cut short; the boot started K3s from the edited files; no second restart.
        let a2 = try lab.restarts(since: started).filter { $0.node == "a2" }.map { "\($0.phase) \($0.result)" }
        #expect(a2 == ["restart begin", "start begin", "start ok"], "\(a2)")
        let nodes = try lab.nodes()
        for node in Self.all {
            #expect(nodes[node]?.ready == true && nodes[node]?.backend == "wireguard", "\(node) Ready on wireguard-native")
        }
        let again = try BinaryRunner.run(["plan", "-i", lab.inventoryPath, "-p", "wireguard-native", "--detailed-exitcode"])
        #expect(again.status == 0, "converged\n\(again.stdout)")
        let lockLeft = try lab.exec("a2", "cat /var/lib/k3smigrate/lock 2>/dev/null")
        #expect(lockLeft.stdout.isEmpty, "a2's lock released over the new session")
    }

    @Test("a host unreachable at preflight (silent): nothing changes on any host, exit 1 naming it, within 30 s")
    func unreachableAtPreflight() throws {
        let lab = try LabFleet.up("unreach", servers: 2, agents: 3, scenario: "wireguard-mixed")
        defer { lab.down() }
        let before = try snapshot(lab)
        try lab.partition("a2")
        let state = stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let started = Date()
        let result = try BinaryRunner.run(["apply", "-i", lab.inventoryPath, "-p", "wireguard-native", "--yes", "--state-dir", state])
        let took = Date().timeIntervalSince(started)
        try lab.heal("a2")
        #expect(result.status == 1, "exit 1: an error before any change\n\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("host a2") && result.stderr.contains("cannot connect"), "\(result.stderr)")
        #expect(took < 30, "ended after \(Int(took)) s")
        #expect(try snapshot(lab) == before, "no file changed on any host")
        #expect(try lab.restarts(since: started).isEmpty, "nothing restarted")
        for node in ["s1", "a1"] {
            #expect(try lab.exec(node, "ls /var/lib/k3smigrate/runs 2>/dev/null").stdout.isEmpty, "no backup on \(node)")
            #expect(try lab.exec(node, "cat /var/lib/k3smigrate/lock 2>/dev/null").stdout.isEmpty, "no lock left on \(node)")
        }
        try expectAllReadyOnOldBackend(lab)
    }

    @Test("a host key that changed between plan --out and apply PLANFILE: refused before any change, naming host and key, exit 1")
    func hostKeyChangedUnderSavedPlan() throws {
        let lab = try LabFleet.up("hkey", servers: 2, agents: 1, scenario: "wireguard-mixed")
        defer { lab.down() }
        let state = stateDir()
        let planFile = NSTemporaryDirectory() + "k3smigrate-plan-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: state); try? FileManager.default.removeItem(atPath: planFile) }
        let plan = try BinaryRunner.run(["plan", "-i", lab.inventoryPath, "-p", "wireguard-native", "--out", planFile])
        #expect(plan.status == 0, "\(plan.stderr)")
        // s2 is reinstalled: a new host key, and a reboot so that its sshd offers it.
        let key = "/etc/ssh/k3s-lab/ssh_host_ed25519_key"
        #expect(try lab.exec("s2", "rm -f \(key) \(key).pub && ssh-keygen -q -t ed25519 -N '' -C s2 -f \(key)").status == 0)
        let newKey = try lab.exec("s2", "ssh-keygen -l -E sha256 -f \(key).pub").stdout.split(separator: " ")[1]
        try lab.reboot("s2", downFor: 0)
        #expect(try eventually(30) { try lab.rebooted("s2") })
        let before = try snapshot2(lab)
        let started = Date()
        let refused = try BinaryRunner.run(["apply", "-i", lab.inventoryPath, planFile, "--yes", "--state-dir", state])
        #expect(refused.status == 1, "\(refused.stdout)\n\(refused.stderr)")
        #expect(refused.stderr.contains("host s2") && refused.stderr.contains("HOST KEY CHANGED"), "\(refused.stderr)")
        #expect(refused.stderr.contains(String(newKey)), "names the key offered (\(newKey))\n\(refused.stderr)")
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(try snapshot2(lab) == before, "no file changed on any host")
        #expect(try lab.restarts(since: started).isEmpty, "nothing restarted")
        #expect(try lab.exec("s1", "ls /var/lib/k3smigrate/runs 2>/dev/null").stdout.isEmpty, "no backup made")
    }

    @Test("a server failing on the new backend: every change rolled back byte for byte, every node Ready on its old backend, exit 3 within 60 s")
    func serverFailsOnNewBackend() throws {
        let lab = try LabFleet.up("srvfail", servers: 2, agents: 3, scenario: "wireguard-mixed", extra: ["--restart-delay", "1"])
        defer { lab.down() }
        let before = try snapshot(lab)
        let state = stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let started = Date()
        let run = try BackgroundRun(["apply", "-i", lab.inventoryPath, "-p", "wireguard-native", "--yes", "--state-dir", state,
                                     "--health-poll", "0.2"])
        // While s1 restarts, s2 loses its WireGuard module: its restart onto wireguard-native fails.
        #expect(try eventually(60) { try lab.restarts(since: started).contains { $0.node == "s1" && $0.result == "begin" } })
        try lab.exec("s2", "sed -i '/^- wireguard$/d' /etc/k3s-lab/node.yaml")
        let status = run.wait()
        let took = Date().timeIntervalSince(started)
        try lab.exec("s2", "printf -- '- wireguard\\n' >> /etc/k3s-lab/node.yaml")
        #expect(status == 3, "exit 3: failed and rolled back cleanly\n\(run.text)")
        #expect(took < 60, "ended after \(Int(took)) s")
        let restarts = try lab.restarts(since: started)
        #expect(restarts.contains { $0.node == "s2" && $0.result == "failed" }, "s2 failed on wireguard-native")
        #expect(!restarts.contains { Self.agents.contains($0.node) }, "no agent was touched")
        #expect(try snapshot(lab) == before, "every file byte for byte, owner and mode included")
        try expectAllReadyOnOldBackend(lab)
    }

    @Test("full disk on /etc/rancher: refused at preflight before any change, exit 1, naming host and mount point")
    func fullConfigDisk() throws {
        let lab = try LabFleet.up("fullcfg", servers: 2, agents: 1, scenario: "wireguard-mixed")
        defer { lab.down() }
        try lab.fill("s2", "/etc/rancher")
        let before = try lab.k3sFiles("s2")
        let state = stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let started = Date()
        let result = try BinaryRunner.run(["apply", "-i", lab.inventoryPath, "-p", "wireguard-native", "--yes", "--state-dir", state])
        let took = Date().timeIntervalSince(started)
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("host s2:") && result.stderr.contains("not enough free space on /etc/rancher (for "), "\(result.stderr)")
        #expect(took < 60)
        #expect(try lab.k3sFiles("s2") == before, "s2's files as they were")
        #expect(try lab.restarts(since: started).isEmpty, "nothing restarted")
        let backups = try lab.exec("s1", "ls /var/lib/k3smigrate/runs 2>/dev/null")
        #expect(backups.stdout.isEmpty, "no backup made anywhere: nothing changed before the refusal")
        try lab.unfill("s2", "/etc/rancher")
    }

    @Test("full disk on the backup directory: refused at preflight before any change, exit 1, naming host and mount point")
    func fullBackupDisk() throws {
        let lab = try LabFleet.up("fullbak", servers: 2, agents: 1, scenario: "wireguard-mixed")
        defer { lab.down() }
        try lab.fill("s1", "/var/lib/k3smigrate/runs")
        let files = try lab.k3sFiles("s1")
        let state = stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let started = Date()
        let result = try BinaryRunner.run(["apply", "-i", lab.inventoryPath, "-p", "wireguard-native", "--yes", "--state-dir", state])
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("host s1:") && result.stderr.contains("not enough free space on /var/lib/k3smigrate/runs"),
                "\(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 60)
        #expect(try lab.k3sFiles("s1") == files)
        #expect(try lab.restarts(since: started).isEmpty)
        try lab.unfill("s1", "/var/lib/k3smigrate/runs")
    }

    @Test("a write that fails and leaves its file intact: the rollback sees the file equals its backup and skips it, exit 3")
    func failedWriteNotRestored() throws {
        let lab = try LabFleet.up("rofs", servers: 2, agents: 1, scenario: "wireguard-mixed")
        defer { lab.down() }
        let before = try snapshot2(lab)
        // s2's drop-in directory turns read-only: its backup works, its edit (temp file + rename) fails.
        let dir = "/etc/rancher/k3s/config.yaml.d"
        #expect(try lab.exec("s2", "mount --bind \(dir) \(dir) && mount -o remount,bind,ro \(dir)").status == 0)
        let state = stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let started = Date()
        let result = try BinaryRunner.run(["apply", "-i", lab.inventoryPath, "-p", "wireguard-native", "--yes", "--state-dir", state])
        #expect(result.status == 3, "exit 3: rolled back cleanly\n\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("already matches its backup"), "\(result.stdout)")
        #expect(Date().timeIntervalSince(started) < 60)
        _ = try lab.exec("s2", "umount \(dir)")
        #expect(try snapshot2(lab) == before)
        let nodes = try lab.nodes()
        for node in ["s1", "s2", "a1"] { #expect(nodes[node]?.ready == true && nodes[node]?.backend == "extension", "\(node)") }
    }

    /// The files of the 2 servers + 1 agent labs of the tests below.
    func snapshot2(_ lab: LabFleet) throws -> [String: [String: LabFleet.FileState]] { try lab.k3sFiles(of: ["s1", "s2", "a1"]) }

    @Test("rollback --last: locked while the run is live; skips a newer dry run; refuses another cluster's run; --dry-run changes nothing")
    func rollbackLast() throws {
        let lab = try LabFleet.up("rblast", servers: 2, agents: 1, scenario: "wireguard-mixed", extra: ["--restart-delay", "1"])
        defer { lab.down() }
        let before = try snapshot2(lab)
        let state = stateDir()
        let otherInventory = NSTemporaryDirectory() + "k3smigrate-other-\(UUID().uuidString).yaml"
        defer { try? FileManager.default.removeItem(atPath: state); try? FileManager.default.removeItem(atPath: otherInventory) }
        let inventoryText = try String(contentsOfFile: lab.inventoryPath, encoding: .utf8)
        try inventoryText.replacingOccurrences(of: "cluster: lab-", with: "cluster: other-")
            .write(toFile: otherInventory, atomically: true, encoding: .utf8)
        let started = Date()
        let run = try BackgroundRun(["apply", "-i", lab.inventoryPath, "-p", "wireguard-native", "--yes", "--state-dir", state])
        #expect(try eventually(60) { try lab.restarts(since: started).contains { $0.node == "s1" && $0.result == "begin" } })
        let whileLive = try BinaryRunner.run(["rollback", "-i", lab.inventoryPath, "--last", "--state-dir", state])
        #expect(whileLive.status == 1 && whileLive.stderr.contains("locked"), "the live run holds the cluster lock\n\(whileLive.stderr)")
        #expect(try eventually(60) { try lab.restarts(since: started).contains { $0.node == "s1" && $0.result == "ok" } })
        kill(run.process.processIdentifier, SIGKILL)
        _ = run.wait()
        let realRun = try #require(Journal.list(stateDir: state).last?.runID)

        // A dry run of another playbook (the half-done migration itself plans nothing more).
        let dry = try BinaryRunner.run(["apply", "-i", lab.inventoryPath, "-p", "egress-selector-mode", "--set", "egress-selector-mode=cluster",
                                        "--dry-run", "--state-dir", state])
        #expect(dry.status == 0, "\(dry.stdout)\n\(dry.stderr)")
        let dryRun = try #require(Journal.list(stateDir: state).last)
        #expect(dryRun.dryRun && dryRun.runID != realRun, "the newest run is now a dry run\n\(dry.stdout)")

        let refusedDry = try BinaryRunner.run(["rollback", "-i", lab.inventoryPath, dryRun.runID, "--state-dir", state])
        #expect(refusedDry.status == 1 && refusedDry.stderr.contains("was a dry run"), "\(refusedDry.stderr)")
        let otherLast = try BinaryRunner.run(["rollback", "-i", otherInventory, "--last", "--state-dir", state])
        #expect(otherLast.status == 1 && otherLast.stderr.contains("no run of cluster other-"), "\(otherLast.stderr)")
        let otherID = try BinaryRunner.run(["rollback", "-i", otherInventory, realRun, "--state-dir", state])
        #expect(otherID.status == 1 && otherID.stderr.contains("is of cluster lab-"), "\(otherID.stderr)")

        let changed = try snapshot2(lab)
        #expect(changed != before, "the killed run changed the servers")
        let preview = try BinaryRunner.run(["rollback", "-i", lab.inventoryPath, "--last", "--dry-run", "--state-dir", state])
        #expect(preview.status == 0, "\(preview.stdout)\n\(preview.stderr)")
        #expect(preview.stderr.contains("a rollback of run \(realRun) would undo"), "--last picks the real run\n\(preview.stderr)")
        #expect(preview.stdout.contains("would restore /etc/rancher/k3s/config.yaml"), "\(preview.stdout)")
        #expect(try snapshot2(lab) == changed, "a dry-run rollback changes nothing")
        #expect(Journal.list(stateDir: state).first { $0.runID == realRun }?.outcome == nil, "nor journals anything")

        let rollback = try BinaryRunner.run(["rollback", "-i", lab.inventoryPath, "--last", "--state-dir", state])
        #expect(rollback.status == 0, "\(rollback.stdout)\n\(rollback.stderr)")
        #expect(rollback.stderr.contains("run \(realRun) rolled back"), "\(rollback.stderr)")
        #expect(try snapshot2(lab) == before)
        let nodes = try lab.nodes()
        for node in ["s1", "s2", "a1"] { #expect(nodes[node]?.ready == true && nodes[node]?.backend == "extension", "\(node)") }
        let lockLeft = try lab.exec("s1", "cat /var/lib/k3smigrate/lock 2>/dev/null")
        #expect(lockLeft.stdout.isEmpty, "the rollback released the host locks, the killed run's included")
    }
}
}
