import Foundation
import Testing
@testable import K3sMigrateCore
@testable import K3sMigrateRun

@Suite("Facts and plans over real SSH on the lab", .enabled(if: LabFleet.enabled), .serialized)
struct LiveFactsLabTests {
    @Test("facts on a mixed lab match what the lab laid down; offline plan equals live plan")
    func mixedLab() async throws {
        let lab = try LabFleet.up("facts", servers: 3, agents: 2, scenario: "wireguard-mixed")
        defer { lab.down() }
        let arguments = FleetInput.Arguments(inventoryPath: lab.inventoryPath, factsDirectory: nil, limit: nil, maxParallel: 8)
        let live = try await FleetInput.load(arguments)
        #expect(live.facts.hosts.keys.sorted() == ["a1", "a2", "s1", "s2", "s3"])
        for (name, facts) in live.facts.hosts {
            #expect(facts.k3sVersion == K3sVersion(1, 25, 16, k3s: 4), "\(name)")
            #expect(facts.kernelModules?.contains("wireguard") == true, "\(name)")
            #expect(facts.interfaces?.contains("eth0") == true, "\(name)")
            #expect(facts.interfaces?.contains("flannel.1") == true, "legacy wireguard creates flannel.1 on \(name)")
            let env = facts.files[K3sPaths.systemdEnv(.server)] ?? facts.files[K3sPaths.systemdEnv(.agent)]
            #expect(env?.text.contains("K3S_TOKEN=\(EnvironmentFileReader.secretMarker)") == true,
                    "env files are gathered with K3S_TOKEN by name only on \(name)")
            #expect(env?.text.contains("K3S_TOKEN='") == false)
        }
        let inventory = live.inventory
        func backend(_ host: String) -> SettingValue? {
            let role = inventory.host(named: host)!.role
            return NodeSettings(facts: live.facts[host]!, role: role).effective("flannel-backend")
        }
        #expect(backend("s1")?.value == "wireguard")
        #expect(backend("s1")?.location.file == K3sPaths.config)
        #expect(backend("s2")?.location.file == "\(K3sPaths.dropInDir)/50-flannel.yaml")
        #expect(backend("s3")?.origin == .systemdFlag)
        #expect(backend("a1") == nil)

        let saved = NSTemporaryDirectory() + "k3smigrate-facts-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: saved) }
        try FactsDirectory.save(live.facts, to: saved)
        var offlineArguments = arguments
        offlineArguments.factsDirectory = saved
        let offline = try await FleetInput.load(offlineArguments)
        let playbook = try PlaybookLocator.load(BinaryRunner.repoRoot + "/playbooks/wireguard-native.yaml")
        let livePlan = try Planner.plan(inventory: inventory, playbook: playbook, facts: live.facts)
        let offlinePlan = try Planner.plan(inventory: inventory, playbook: playbook, facts: offline.facts)
        #expect(PlanJSONRenderer.render(livePlan) == PlanJSONRenderer.render(offlinePlan))
        #expect(livePlan.steps.filter { $0.kind == .editFile }.compactMap(\.host) == ["s1", "s2", "s3"])
    }

    @Test("the CLI gathers facts, saves them, and plans live with --detailed-exitcode")
    func cliFactsAndPlan() throws {
        let lab = try LabFleet.up("clifacts", servers: 1, agents: 1, scenario: "ipsec")
        defer { lab.down() }
        let saved = NSTemporaryDirectory() + "k3smigrate-clifacts-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: saved) }
        let facts = try BinaryRunner.run(["facts", "-i", lab.inventoryPath, "--save", saved])
        #expect(facts.status == 0, "\(facts.stderr)")
        #expect(facts.stdout.contains("s1 server v1.25.16+k3s4"))
        #expect(facts.stdout.contains("flannel-backend=ipsec"))
        #expect(FileManager.default.fileExists(atPath: saved + "/s1/etc/rancher/k3s/config.yaml"))
        #expect(FileManager.default.fileExists(atPath: saved + "/a1/facts.yaml"))
        let plan = try BinaryRunner.run(["plan", "-i", lab.inventoryPath, "-p", "wireguard-native", "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan.stderr)")
        #expect(plan.stdout.contains("-flannel-backend: ipsec"))
        #expect(plan.stdout.contains("+flannel-backend: wireguard-native"))
    }

    @Test("an unreachable host is named with a clear error, the others still answer")
    func unreachable() async throws {
        let lab = try LabFleet.up("unreach", servers: 1, agents: 1)
        defer { lab.down() }
        try lab.exec("a1", "pkill -STOP -x sshd || true")
        defer { _ = try? lab.exec("a1", "pkill -CONT -x sshd || true") }
        var inventory = try lab.inventory()
        inventory.agents[0].ssh.connectTimeout = 2
        let connections = FleetConnections(inventory: inventory, maxParallel: 4)
        let started = Date()
        let (facts, problems) = await LiveFacts.gather(hosts: inventory.hosts, connections: connections, maxParallel: 4, firewall: false)
        await connections.closeAll()
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(facts["s1"] != nil)
        #expect(facts["a1"] == nil)
        let problem = try #require(problems.first { $0.host == "a1" })
        #expect(problem.severity == .error)
        #expect(problem.message.contains("a1") || problem.message.contains("timed out") || problem.message.contains("banner"))
    }
}
