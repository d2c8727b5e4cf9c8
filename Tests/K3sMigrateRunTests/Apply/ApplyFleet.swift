import Foundation
@testable import K3sMigrateCore

/// A fleet for executor tests: the same files feed the real planner (as facts) and the simulated
/// hosts (as their disks), so the plan is exactly what apply would get.
struct ApplyFleet {
    struct Node {
        var name: String
        var role: Role
        var files: [String: SimulatedHost.File]
    }

    var nodes: [Node] = []
    var runID = "test-run-1"

    static let unitHeader = "[Unit]\nDescription=Lightweight Kubernetes\n\n[Service]\nType=notify\nExecStart=/usr/local/bin/k3s \\\n"

    static func unit(_ role: Role, flags: [String] = []) -> String {
        unitHeader + ([role.rawValue] + flags).map { "\t'\($0)' \\\n" }.joined() + "\n"
    }

    static func file(_ text: String, mode: UInt32 = 0o600, owner: String = "root", group: String = "root") -> SimulatedHost.File {
        SimulatedHost.File(content: Array(text.utf8), mode: mode, owner: owner, group: group)
    }

    mutating func add(_ name: String, _ role: Role, _ files: [String: SimulatedHost.File]) {
        var all = files
        // A host given an OpenRC script is an OpenRC host; any other gets install.sh's unit.
        if all[K3sPaths.systemdUnit(role)] == nil, all[K3sPaths.openrcScript(role)] == nil {
            all[K3sPaths.systemdUnit(role)] = ApplyFleet.file(ApplyFleet.unit(role), mode: 0o644)
        }
        nodes.append(Node(name: name, role: role, files: all))
    }

    /// s1 (first server, backend in config.yaml), s2 (backend in a drop-in owned root:adm 0640),
    /// s3 (backend as a unit flag, so daemon-reload), and agents a1... with a config.yaml.
    static func wireguardMixed(agents: Int = 2) -> ApplyFleet {
        var fleet = ApplyFleet()
        fleet.add("s1", .server, [K3sPaths.config: file("# main server\ncluster-init: true\nflannel-backend: \"wireguard\"  # legacy\n")])
        fleet.add("s2", .server, [K3sPaths.config: file("server: https://10.9.0.1:6443\ntoken: K10supersecret::server:abc\n"),
                                  "\(K3sPaths.dropInDir)/50-flannel.yaml": file("flannel-backend: wireguard\n", mode: 0o640, group: "adm")])
        fleet.add("s3", .server, [K3sPaths.config: file("server: https://10.9.0.1:6443\n"),
                                  K3sPaths.systemdUnit(.server): file(unit(.server, flags: ["--flannel-backend=wireguard"]), mode: 0o644)])
        for i in 0..<agents {
            fleet.add("a\(i + 1)", .agent, [K3sPaths.config: file("node-label:\n  - pool=workers\n", mode: 0o644, owner: "k3s", group: "k3s")])
        }
        return fleet
    }

    static func playbook(timeoutSeconds: Int = 30) -> Playbook {
        Playbook(name: "wireguard-native", summary: "test",
                 preflight: PreflightSpec(kernelModules: ["wireguard"], minVersion: K3sVersion(1, 23, 6)),
                 settings: [SettingSpec(key: "flannel-backend", value: .scalar("wireguard-native"),
                                        whenCurrent: ["wireguard", "ipsec"], location: SourceLocation(file: "pb.yaml", line: 3))],
                 health: HealthSpec(timeoutSeconds: timeoutSeconds, backend: "wireguard-native"),
                 file: "pb.yaml")
    }

    var inventory: Inventory {
        let hosts = nodes.enumerated().map { index, node in
            Host(name: node.name, address: "10.9.0.\(index + 1)", role: node.role, location: SourceLocation(file: "inv.yaml", line: index + 1))
        }
        return Inventory(cluster: "test", servers: hosts.filter { $0.role == .server }, agents: hosts.filter { $0.role == .agent },
                         file: "inv.yaml")
    }

    var facts: FleetFacts {
        FleetFacts(Dictionary(uniqueKeysWithValues: nodes.map { node in
            (node.name, HostFacts(host: node.name,
                                  files: Dictionary(uniqueKeysWithValues: node.files.map { path, file in
                                      (path, FileFact(path: path, content: file.content, mode: file.mode, owner: file.owner, group: file.group))
                                  }),
                                  k3sVersion: K3sVersion(1, 25, 16, k3s: 4), kernelModules: ["wireguard"], interfaces: ["eth0"]))
        }))
    }

    func plan(timeoutSeconds: Int = 30, batch: Int = 5) throws -> Plan {
        try Planner.plan(inventory: inventory, playbook: ApplyFleet.playbook(timeoutSeconds: timeoutSeconds), facts: facts,
                         options: PlanOptions(agentBatchSize: batch))
    }

    /// Simulated hosts with the same files, registered in the cluster on the legacy backend.
    func hosts() async -> (SimulatedFleet, [String: SimulatedHost]) {
        let fleet = SimulatedFleet(runID: runID)
        var hosts: [String: SimulatedHost] = [:]
        for node in nodes {
            hosts[node.name] = SimulatedHost(name: node.name, role: node.role, fleet: fleet, files: node.files)
            await fleet.setNode(node.name, backendType: "extension")
        }
        return (fleet, hosts)
    }
}

extension Dictionary where Key == String, Value == SimulatedHost {
    var remote: [String: any RemoteHost] { mapValues { $0 as any RemoteHost } }
}
