import Foundation
import Testing
@testable import K3sMigrateCore
@testable import K3sMigrateRun

/// Nodes installed the documented way (`curl ... | K3S_URL=... K3S_TOKEN=... sh -`): settings in
/// the env file that K3s reads as flags (pkg/cli/cmds EnvVars), scenario `env-join` (s2 and a1
/// are OpenRC installs).
@Suite("settings from env files over real SSH on the lab", .enabled(if: LabFleet.enabled), .serialized)
struct EnvFileLabTests {
    static let servers = ["s1", "s2", "s3"]
    static let agents = ["a1", "a2"]

    @Test("joining servers with K3S_URL only in the env file restart after the init server; K3S_VPN_AUTH skips a node; a -t token never shows")
    func envJoin() async throws {
        let lab = try LabFleet.up("envjoin", servers: 3, agents: 2, scenario: "env-join")
        defer { lab.down() }
        let token = try #require(try lab.exec("s1", ". /etc/systemd/system/k3s.service.env; printf %s \"$K3S_TOKEN\"").stdout.nonEmpty)
        let joinKey = "tskey-lab-" + token.prefix(12)

        // Facts: env files are read, secret values never leave the host.
        let arguments = FleetInput.Arguments(inventoryPath: lab.inventoryPath, factsDirectory: nil, limit: nil, maxParallel: 8)
        let live = try await FleetInput.load(arguments)
        let s1 = try #require(live.facts["s1"])
        let env = try #require(s1.file(K3sPaths.systemdEnv(.server))?.text)
        #expect(env.contains("K3S_URL='https://"), "K3S_URL is gathered as written")
        #expect(env.contains("K3S_TOKEN=\(EnvironmentFileReader.secretMarker)"), "K3S_TOKEN by name only")
        for (name, facts) in live.facts.hosts {
            for file in facts.files.values where FactPaths.isEnvironmentFile(file.path) {
                #expect(!file.text.contains(token) && !file.text.contains(joinKey), "\(name):\(file.path) holds no secret")
            }
        }
        let settings = NodeSettings(facts: s1, role: .server)
        #expect(settings.effective("server")?.origin == .environment)
        #expect(settings.effective("server")?.variable == "K3S_URL")
        #expect(settings.effective("server")?.value == "https://\(try lab.inventory().host(named: "s3")!.address):6443")
        #expect(settings.effective("token")?.origin == .systemdFlag, "s1's -t beats K3S_TOKEN")
        #expect(settings.effective("flannel-backend")?.origin == .systemdFlag)
        let s2 = NodeSettings(facts: try #require(live.facts["s2"]), role: .server)
        #expect(s2.effective("token")?.isSecretSet == true && s2.effective("token")?.values == [])
        // OpenRC installs: s2 joins through K3S_URL in /etc/rancher/k3s/k3s.env, a1 through
        // /etc/rancher/k3s/k3s-agent.env (install.sh's FILE_K3S_ENV for SYSTEM_NAME k3s-agent).
        #expect(s2.service == .standard(.server, manager: .openrc))
        #expect(s2.effective("server")?.location.file == "/etc/rancher/k3s/k3s.env")
        #expect(s2.effective("server")?.variable == "K3S_URL")
        let a1 = NodeSettings(facts: try #require(live.facts["a1"]), role: .agent)
        #expect(a1.service == .standard(.agent, manager: .openrc))
        #expect(a1.effective("server")?.location.file == "/etc/rancher/k3s/k3s-agent.env")
        #expect(a1.effective("token")?.isSecretSet == true)
        let a2 = NodeSettings(facts: try #require(live.facts["a2"]), role: .agent)
        #expect(a2.effective("vpn-auth")?.isSecretSet == true && a2.effective("vpn-auth")?.values == [])

        // Facts saved and read back keep the env files, secrets still replaced.
        let saved = NSTemporaryDirectory() + "k3smigrate-envfacts-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: saved) }
        try FactsDirectory.save(live.facts, to: saved)
        let savedEnv = try String(contentsOfFile: saved + "/s1" + K3sPaths.systemdEnv(.server), encoding: .utf8)
        #expect(savedEnv == env)

        // The plan: s3 (K3S_CLUSTER_INIT, no K3S_URL) first, then s1 and s2; a2 skipped.
        let state = PlaybookLab.stateDir()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let plan = try BinaryRunner.run(["plan", "-i", lab.inventoryPath, "-p", "wireguard-native"])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("a2") && plan.stdout.contains("vpn-auth is set (/etc/systemd/system/k3s-agent.service.env:"))
        #expect(plan.stdout.contains("$ rc-service k3s restart") && plan.stdout.contains("$ rc-service k3s-agent restart"))
        let started = Date()
        let apply = try BinaryRunner.run(["apply", "-i", lab.inventoryPath, "-p", "wireguard-native", "--yes", "--state-dir", state])
        #expect(apply.status == 0, "\(apply.stdout)\n\(apply.stderr)")
        let restarts = try lab.restarts(since: started)
        #expect(restarts.filter { Self.servers.contains($0.node) }.map { "\($0.node) \($0.result)" }
                == ["s3 begin", "s3 ok", "s1 begin", "s1 ok", "s2 begin", "s2 ok"],
                "the server the others join restarts first, though it is last in the inventory")
        #expect(!restarts.contains { $0.node == "a2" }, "the Tailscale node is skipped")
        let nodes = try lab.nodes()
        for node in Self.servers + ["a1"] { #expect(nodes[node]?.backend == "wireguard", "\(node) on wireguard-native") }
        #expect(try lab.exec("s1", "cat /etc/systemd/system/k3s.service").stdout.contains("'--flannel-backend=wireguard-native'"))

        // The -t token sits next to the edited flag: it shows in no output and no state file.
        for text in [plan.stdout, plan.stderr, apply.stdout, apply.stderr] {
            #expect(!text.contains(token) && !text.contains(joinKey))
        }
        let enumerator = FileManager.default.enumerator(atPath: state)
        while let relative = enumerator?.nextObject() as? String {
            guard let data = FileManager.default.contents(atPath: state + "/" + relative) else { continue }
            #expect(!String(decoding: data, as: UTF8.self).contains(token), "state file \(relative)")
        }
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
