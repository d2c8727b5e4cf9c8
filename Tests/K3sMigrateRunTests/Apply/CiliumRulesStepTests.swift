import Foundation
import Testing
@testable import K3sMigrateCore
@testable import K3sMigrateRun

@Suite("executing the Cilium cleanup steps")
struct CiliumRulesStepTests {
    static let dump = """
        *filter
        :INPUT ACCEPT [0:0]
        :CILIUM_INPUT - [0:0]
        -A INPUT -m comment --comment "cilium-feeder: CILIUM_INPUT" -j CILIUM_INPUT
        -A INPUT -p tcp -m tcp --dport 9962 -m comment --comment "allow cilium metrics scrape (ops)" -j ACCEPT
        COMMIT

        """
    static let cleaned = "/var/lib/k3smigrate/runs/r1/firewall/iptables.cleaned"

    func setUp(dump: String, status: Int32 = 0) async -> (SimulatedFleet, SimulatedHost) {
        let fleet = SimulatedFleet(runID: "r1")
        let host = SimulatedHost(name: "n1", role: .agent, fleet: fleet, files: [:])
        await host.setResponse("iptables-save", CommandResult(stdout: Array(dump.utf8), exitStatus: status))
        await host.setResponse("iptables-restore \(Self.cleaned)", CommandResult(exitStatus: 0))
        return (fleet, host)
    }

    func context(_ host: SimulatedHost, dryRun: Bool = false) -> StepContext {
        let health = HealthCheck(hosts: [:], servers: ClusterServers(plan: Plan(cluster: "", playbook: "", steps: [], skipped: [], warnings: [])),
                                 pollInterval: 0, commandTimeout: 5)
        return StepContext(hostName: "n1", host: host, runID: "r1", dryRun: dryRun, resuming: false, commandTimeout: 5,
                           environment: [:], health: health)
    }

    let removal = CiliumRuleRemoval(tool: "iptables", expected: [])

    @Test("reads the current dump, writes the filtered rules (0600) into the run directory, restores them")
    func removes() async throws {
        let (fleet, host) = await setUp(dump: Self.dump)
        let report = try await CiliumRulesStep(removal: removal).run(in: context(host))
        #expect(await fleet.log == ["n1: iptables-save", "n1: write \(Self.cleaned)", "n1: iptables-restore \(Self.cleaned)"])
        let written = try #require(await host.file(Self.cleaned))
        #expect(written.mode == 0o600)
        #expect(written.text == "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp -m tcp --dport 9962 -m comment --comment \"allow cilium metrics scrape (ops)\" -j ACCEPT\nCOMMIT\n")
        #expect(report.summary.contains("removed 2 Cilium line(s) from iptables"))
    }

    @Test("an already clean host, a dry run, and a host without the tool change nothing")
    func noChange() async throws {
        let (cleanFleet, clean) = await setUp(dump: "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n")
        let report = try await CiliumRulesStep(removal: removal).run(in: context(clean))
        #expect(report.summary.contains("no Cilium chains or rules left"))
        #expect(await cleanFleet.log.count == 1)

        let (dryFleet, dry) = await setUp(dump: Self.dump)
        let described = try await CiliumRulesStep(removal: removal).run(in: context(dry, dryRun: true))
        #expect(described.described && described.summary.hasPrefix("would remove 2 Cilium line(s)"))
        #expect(await dryFleet.log.count == 1)
        #expect(await dry.file(Self.cleaned) == nil)

        let (_, missing) = await setUp(dump: "", status: 127)
        #expect(try await CiliumRulesStep(removal: removal).run(in: context(missing)).summary.contains("no iptables-save on the host"))
    }

    @Test("commands naming the run directory get the run id at apply time")
    func runPlaceholder() async throws {
        let (fleet, host) = await setUp(dump: "")
        let snapshot = FirewallPaths.snapshotCommand(tools: ["iptables"], run: RemoteCommands.runPlaceholder)
        let resolved = RunPlaceholder.resolve(snapshot, run: "r1").script
        #expect(resolved == "umask 077 && mkdir -p -m 0700 -- /var/lib/k3smigrate/runs/r1/firewall && iptables-save > /var/lib/k3smigrate/runs/r1/firewall/iptables.rules")
        await host.setResponse(resolved, CommandResult(exitStatus: 0))
        _ = try await CommandStep(command: snapshot, kind: .snapshot).run(in: context(host))
        #expect(await fleet.log.contains { $0.hasSuffix(resolved) })
        #expect(RunPlaceholder.resolve(ShellCommand("echo", "RUN_ID"), run: "r1").script == "echo RUN_ID", "only the run directory is replaced")
    }
}
