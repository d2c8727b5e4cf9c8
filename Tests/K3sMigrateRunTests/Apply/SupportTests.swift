import Testing
import Foundation
@testable import K3sMigrateRun
import K3sMigrateCore

@Suite("Executor support: backups, output, names, places")
struct SupportTests {
    @Test("backup .meta lines: octal mode, ids, names; unknown names fall back to ids")
    func meta() {
        let meta = BackupMeta("640 0 4 root adm\n")
        #expect(meta == BackupMeta(mode: 0o640, uid: "0", gid: "4", user: "root", group: "adm"))
        #expect(meta?.owner == "root" && meta?.ownerGroup == "adm")
        let unknown = BackupMeta("600 1001 1001 UNKNOWN UNKNOWN")
        #expect(unknown?.owner == "1001" && unknown?.ownerGroup == "1001")
        #expect(BackupMeta("4755 0 0 root root")?.mode == 0o4755)
        #expect(BackupMeta("") == nil)
        #expect(BackupMeta("rw-r--r-- 0 0 root root") == nil)
        #expect(BackupMeta("644 0 root root") == nil)
    }

    @Test("restoring a file needs its backup and .meta, and proves the result")
    func restore() async throws {
        let fleet = SimulatedFleet(runID: "r1")
        let path = "/etc/rancher/k3s/config.yaml"
        let backup = BackupPaths.backup(of: path, run: "r1")
        let host = SimulatedHost(name: "n1", role: .agent, fleet: fleet, files: [
            path: ApplyFleet.file("new\n", mode: 0o600),
            backup: ApplyFleet.file("old\n", mode: 0o600),
        ])
        let restorer = FileRestorer(host: host, hostName: "n1", runID: "r1")
        do {
            _ = try await restorer.restore(path)
            Issue.record("restored without a .meta")
        } catch {
            #expect(error.message.contains("host n1") && error.message.contains(".meta"))
        }
        await host.setFile(backup + ".meta", ApplyFleet.file("644 1000 1000 k3s k3s\n"))
        let summary = try await restorer.restore(path)
        #expect(await host.file(path) == ApplyFleet.file("old\n", mode: 0o644, owner: "k3s", group: "k3s"))
        #expect(summary.contains("mode 644") && summary.contains("k3s:k3s"))
    }

    @Test("output excerpts keep 2 KiB of stdout and of stderr, cut on a character boundary")
    func excerpt() {
        let long = String(repeating: "é", count: 1500)
        let text = OutputExcerpt.of(CommandResult(stdout: Array(long.utf8), stderr: Array("oops\n".utf8), exitStatus: 1))
        let stdoutPart = text.components(separatedBy: "\nstderr: ")[0]
        #expect(stdoutPart.hasPrefix(String(repeating: "é", count: 1024)))
        #expect(stdoutPart.hasSuffix("…[952 more bytes]"))
        #expect(text.hasSuffix("stderr: oops\n"))
        #expect(OutputExcerpt.of(nil) == "")
    }

    @Test("run ids are sortable, safe in paths and shells, and validated")
    func runIDs() throws {
        let date = try #require(Timestamp.date("2025-11-28T03:40:12.000Z"))
        let id = RunID.make(at: date)
        #expect(id.hasPrefix("20251128-034012.000-") && id.count == 24)
        #expect(RunID.isValid(id))
        // Two runs in the same second sort in the order they started, whatever the random part.
        for _ in 0..<50 {
            let first = RunID.make(at: date.addingTimeInterval(0.004))
            let second = RunID.make(at: date.addingTimeInterval(0.005))
            #expect(first < second, "\(first) < \(second)")
        }
        for bad in ["", "../x", "a/b", ".hidden", "a b", "x;rm"] { #expect(!RunID.isValid(bad), "\(bad)") }
    }

    @Test("state directory: XDG_STATE_HOME when absolute, else ~/.local/state")
    func stateDirectory() {
        #expect(StateDirectory.default(environment: ["XDG_STATE_HOME": "/var/state/", "HOME": "/home/u"]) == "/var/state/k3smigrate")
        #expect(StateDirectory.default(environment: ["XDG_STATE_HOME": "relative", "HOME": "/home/u"]) == "/home/u/.local/state/k3smigrate")
        #expect(StateDirectory.default(environment: ["HOME": "/root"]) == "/root/.local/state/k3smigrate")
        #expect(StateDirectory.runDirectory("r1", in: "/s/") == "/s/runs/r1")
    }

    @Test("the up-front drift check and the edit step accept a file an interrupted attempt already edited")
    func resumedEdit() async throws {
        let fleet = SimulatedFleet(runID: "r1")
        let host = SimulatedHost(name: "n1", role: .agent, fleet: fleet, files: ["/f": ApplyFleet.file("after\n")])
        let health = HealthCheck(hosts: [:], servers: ClusterServers(plan: Plan(cluster: "", playbook: "", steps: [], skipped: [], warnings: [])),
                                 pollInterval: 0, commandTimeout: 5)
        let change = FileChange(path: "/f", before: "before\n", after: "after\n", diff: "")
        func context(resuming: Bool) -> StepContext {
            StepContext(hostName: "n1", host: host, runID: "r1", dryRun: false, resuming: resuming, commandTimeout: 5,
                        environment: [:], health: health)
        }
        let report = try await EditFileStep(change: change).run(in: context(resuming: true))
        #expect(report.summary.contains("already has the planned content"))
        await #expect(throws: StepError.self) { try await EditFileStep(change: change).run(in: context(resuming: false)) }
        #expect(await fleet.log.isEmpty, "nothing was written")
    }
}
