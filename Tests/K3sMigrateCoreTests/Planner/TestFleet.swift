@testable import K3sMigrateCore

/// Builds an inventory plus facts in memory for planner tests.
struct TestFleet {
    var servers: [(name: String, files: [String: String])] = []
    var agents: [(name: String, files: [String: String])] = []
    var version = K3sVersion(1, 25, 16, k3s: 4)
    var modules: Set<String>? = ["wireguard"]
    var overrides: [String: (inout HostFacts) -> Void] = [:]

    static let unitHeader = """
        [Unit]
        Description=Lightweight Kubernetes

        [Service]
        Type=notify
        ExecStart=/usr/local/bin/k3s \\

        """

    static func serverUnit(_ flags: [String] = []) -> String {
        unitHeader + (["server"] + flags).map { "\t'\($0)' \\\n" }.joined() + "\n"
    }

    static func agentUnit(_ flags: [String] = []) -> String {
        unitHeader + (["agent"] + flags).map { "\t'\($0)' \\\n" }.joined() + "\n"
    }

    mutating func server(_ name: String, config: String? = nil, unitFlags: [String] = [], extra: [String: String] = [:]) {
        var files = extra
        files[K3sPaths.systemdUnit(.server)] = TestFleet.serverUnit(unitFlags)
        if let config { files[K3sPaths.config] = config }
        servers.append((name, files))
    }

    mutating func agent(_ name: String, config: String? = nil, unitFlags: [String] = [], extra: [String: String] = [:]) {
        var files = extra
        files[K3sPaths.systemdUnit(.agent)] = TestFleet.agentUnit(unitFlags)
        if let config { files[K3sPaths.config] = config }
        agents.append((name, files))
    }

    var inventory: Inventory {
        func host(_ entry: (name: String, files: [String: String]), _ role: Role, _ index: Int) -> Host {
            Host(name: entry.name, address: "10.9.0.\(index)", role: role, location: SourceLocation(file: "inv.yaml", line: index))
        }
        return Inventory(cluster: "test",
                         servers: servers.enumerated().map { host($1, .server, $0 + 1) },
                         agents: agents.enumerated().map { host($1, .agent, $0 + 50) },
                         file: "inv.yaml")
    }

    var facts: FleetFacts {
        var all: [String: HostFacts] = [:]
        for entry in servers + agents {
            var facts = HostFacts(host: entry.name,
                                  files: entry.files.mapValues { FileFact(path: "", text: $0, mode: 0o600) },
                                  k3sVersion: version, kernelModules: modules, interfaces: ["eth0"])
            for (path, _) in entry.files { facts.files[path]?.path = path }
            overrides[entry.name]?(&facts)
            all[entry.name] = facts
        }
        return FleetFacts(all)
    }

    /// Three servers (s1 initial, s2 and s3 joining) on legacy wireguard set in three different
    /// places, and agents without a backend key.
    static func wireguardMixed(agents count: Int = 5) -> TestFleet {
        var fleet = TestFleet()
        fleet.server("s1", config: "# main server\ncluster-init: true\nflannel-backend: \"wireguard\"  # legacy\nnode-label:\n  - zone=a\n")
        fleet.server("s2", config: "server: https://10.9.0.1:6443\n",
                     extra: ["\(K3sPaths.dropInDir)/50-flannel.yaml": "flannel-backend: wireguard\n"])
        fleet.server("s3", config: "server: https://10.9.0.1:6443\n", unitFlags: ["--flannel-backend=wireguard"])
        for i in 1...max(1, count) where count > 0 {
            fleet.agent("a\(i)", config: "node-label:\n  - pool=workers\n")
        }
        return fleet
    }

    static let playbook = Playbook(
        name: "wireguard-native", summary: "test",
        preflight: PreflightSpec(kernelModules: ["wireguard"], minVersion: K3sVersion(1, 23, 6)),
        settings: [SettingSpec(key: "flannel-backend", value: .scalar("wireguard-native"), whenCurrent: ["wireguard", "ipsec"],
                               location: SourceLocation(file: "pb.yaml", line: 3))],
        skipWhenSet: [SkipRule(key: "vpn-auth", reason: "tailscale"), SkipRule(key: "vpn-auth-file", reason: "tailscale")],
        health: HealthSpec(timeoutSeconds: 60, backend: "wireguard-native"),
        file: "pb.yaml")

    func plan(_ playbook: Playbook = TestFleet.playbook, options: PlanOptions = PlanOptions()) throws -> Plan {
        try Planner.plan(inventory: inventory, playbook: playbook, facts: facts, options: options)
    }
}

extension Plan {
    /// Every step `id` depends on, directly or not.
    func ancestors(of id: String) -> Set<String> {
        var seen = Set<String>()
        var queue = step(id)?.dependsOn ?? []
        while let next = queue.popLast() {
            guard seen.insert(next).inserted else { continue }
            queue += step(next)?.dependsOn ?? []
        }
        return seen
    }

    func steps(_ kind: StepKind) -> [Step] { steps.filter { $0.kind == kind } }

    func index(of id: String) -> Int? { steps.firstIndex { $0.id == id } }
}
