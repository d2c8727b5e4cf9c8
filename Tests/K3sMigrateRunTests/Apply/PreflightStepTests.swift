import Foundation
import Testing
@testable import K3sMigrateCore
@testable import K3sMigrateRun

@Suite("preflight: answered from this run's facts, the rest in one command")
struct PreflightStepTests {
    let unit = K3sPaths.systemdUnit(.agent)
    var checks: [PreflightCheck] {
        [PreflightCheck(name: "k3s-present", command: ShellCommand("k3s", "--version"), failure: "k3s is not installed"),
         PreflightCheck(name: "unit-present", command: ShellCommand("test", "-f", unit), failure: "\(unit) is missing"),
         PreflightCheck(name: "kernel-module-wireguard",
                        command: ShellCommand("test", "-d", "/sys/module/wireguard").or(ShellCommand("modprobe", "-n", "-q", "wireguard")),
                        failure: "kernel module 'wireguard' is not available"),
         PreflightCheck(name: "backup-dir-writable", command: ShellCommand("mkdir", "-p", "-m", "0700", "--", BackupPaths.root),
                        failure: "cannot create backups")]
    }

    func context(_ host: SimulatedHost, facts: HostFacts?) -> StepContext {
        let health = HealthCheck(hosts: [:], servers: ClusterServers(plan: Plan(cluster: "", playbook: "", steps: [], skipped: [], warnings: [])),
                                 pollInterval: 0, commandTimeout: 5)
        return StepContext(hostName: "a1", host: host, runID: "r1", dryRun: false, resuming: false, commandTimeout: 5,
                           environment: [:], health: health, facts: facts)
    }

    func host(modules: Set<String> = ["wireguard"]) async -> (SimulatedFleet, SimulatedHost) {
        let fleet = SimulatedFleet(runID: "r1")
        let host = SimulatedHost(name: "a1", role: .agent, fleet: fleet,
                                 files: [unit: .init(content: Array("[Service]\n".utf8), mode: 0o644, owner: "root", group: "root")])
        await host.setModules(modules)
        return (fleet, host)
    }

    func facts(modules: Set<String>) -> HostFacts {
        var facts = HostFacts(host: "a1")
        facts.k3sVersion = K3sVersion(parsing: "k3s version v1.25.16+k3s4 (abc)")
        facts.kernelModules = modules
        facts.files[unit] = FileFact(path: unit, content: Array("[Service]\n".utf8), mode: 0o644, owner: "root", group: "root")
        return facts
    }

    @Test("what the facts show passing is not asked again; the rest goes in one command")
    func fromFacts() async throws {
        let (fleet, host) = await host()
        let report = try await PreflightStep(checks: checks).run(in: context(host, facts: facts(modules: ["wireguard"])))
        #expect(await fleet.log == ["a1: mkdir -p -m 0700 -- \(BackupPaths.root)"], "only the probe the facts can't answer")
        #expect(report.summary == "4 preflight checks passed (3 answered by this run's facts)")
    }

    @Test("a check the facts show failing is asked on the host again; failures are all reported")
    func failingFactIsConfirmed() async throws {
        let (fleet, host) = await host(modules: [])
        await host.setFailing("mkdir -p -m 0700 -- \(BackupPaths.root)")
        do {
            _ = try await PreflightStep(checks: checks).run(in: context(host, facts: facts(modules: [])))
            Issue.record("preflight passed without the module")
        } catch {
            #expect(error.rule == "preflight")
            #expect(error.message == "host a1: preflight failed: kernel module 'wireguard' is not available; cannot create backups")
        }
        #expect(await fleet.log.contains("a1: test -d /sys/module/wireguard || modprobe -n -q wireguard"))
        #expect(!(await fleet.log).contains("a1: k3s --version"))
    }

    @Test("without facts (resume) every check runs on the host, in one round trip")
    func withoutFacts() async throws {
        let (fleet, host) = await host()
        _ = try await PreflightStep(checks: checks).run(in: context(host, facts: nil))
        #expect(await fleet.log.count == 4)
        let combined = PreflightStep.combined(checks).script
        #expect(combined.components(separatedBy: "@@k3smigrate-check").count == 5, "\(combined)")
    }
}
