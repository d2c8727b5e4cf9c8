import Foundation
import K3sMigrateCore
@testable import K3sMigrateRun

/// A small fleet (servers s1..s3, agents a1, a2), a plan that edits s1 and s2 and skips a1, and
/// the facts it was made from.
enum SavedPlanFixture {
    /// 2026-11-28 03:10:42 UTC
    static let createdAt = Date(timeIntervalSince1970: 1_795_835_442)
    static let inventoryText = "cluster: prod-eu\nservers:\n  - s1\n  - s2\n  - s3\nagents:\n  - a1\n  - a2\n"
    static let dropIn = K3sPaths.dropInDir + "/10-flannel.yaml"
    static let unit = K3sPaths.systemdUnit(.server)

    static var inventory: Inventory {
        func host(_ name: String, _ role: Role, line: Int) -> K3sMigrateCore.Host {
            K3sMigrateCore.Host(name: name, address: "10.0.0.\(line)", role: role, location: SourceLocation(file: "inventory.yaml", line: line))
        }
        return Inventory(cluster: "prod-eu", servers: [host("s1", .server, line: 3), host("s2", .server, line: 4), host("s3", .server, line: 5)],
                         agents: [host("a1", .agent, line: 7), host("a2", .agent, line: 8)], file: "inventory.yaml")
    }

    static var plan: Plan {
        func edit(_ host: String) -> Step {
            Step(id: "\(host):edit-file:config", host: host, role: .server, kind: .editFile,
                 title: "set flannel-backend to wireguard-native in config.yaml:1", changes: true,
                 action: .edit(FileChange(path: K3sPaths.config, before: "flannel-backend: wireguard\n",
                                          after: "flannel-backend: wireguard-native\n", diff: "-flannel-backend: wireguard\n+flannel-backend: wireguard-native\n")),
                 dependsOn: [], undo: .restoreFile(path: K3sPaths.config, backupStep: "\(host):backup"))
        }
        let barrier = Step(id: "servers-healthy", host: nil, role: nil, kind: .barrier, title: "all servers healthy",
                           changes: false, action: .none, dependsOn: ["s1:edit-file:config", "s2:edit-file:config"])
        return Plan(cluster: "prod-eu", playbook: "flannel-wireguard-native", steps: [edit("s1"), edit("s2"), barrier],
                    skipped: [SkippedHost(host: "a1", reason: "already wireguard-native")],
                    warnings: [.warning("example", host: "s1", "a warning kept with the plan")])
    }

    static var facts: FleetFacts {
        func server(_ name: String) -> HostFacts {
            HostFacts(host: name,
                      files: [K3sPaths.config: FileFact(path: K3sPaths.config, text: "flannel-backend: wireguard\ntoken: s3cret\n", mode: 0o600),
                              dropIn: FileFact(path: dropIn, text: "flannel-iface: eth0\n"),
                              unit: FileFact(path: unit, content: Array("[Service]\nExecStart=/usr/local/bin/k3s server\n".utf8),
                                             symlinkTarget: "/lib/systemd/system/k3s.service")],
                      k3sVersion: K3sVersion(1, 28, 5, k3s: 1), kernelModules: ["wireguard", "overlay"],
                      interfaces: ["lo", "eth0", "flannel.1"], addresses: ["eth0": ["203.0.113.10", "2001:db8::10"]],
                      firewallDumps: ["iptables": "*filter\n:INPUT ACCEPT [10:20]\nCOMMIT\n"],
                      probes: ["external-ip": "203.0.113.10"], sysctls: ["net.ipv4.ip_forward": "1"])
        }
        var hosts: [String: HostFacts] = [:]
        for name in ["s1", "s2", "s3"] { hosts[name] = server(name) }
        for name in ["a1", "a2"] {
            hosts[name] = HostFacts(host: name, files: [K3sPaths.config: FileFact(path: K3sPaths.config, text: "flannel-backend: wireguard-native\n")],
                                    k3sVersion: K3sVersion(1, 28, 5, k3s: 1))
        }
        return FleetFacts(hosts)
    }

    static var saved: SavedPlan {
        SavedPlan.make(plan: plan, facts: facts, inventory: inventory, inventoryText: inventoryText,
                       options: PlanOptions(agentBatchSize: 3, limit: "servers,a1"), createdAt: createdAt)
    }

    static func temporaryFile(_ name: String = "plan.json") throws -> String {
        let dir = NSTemporaryDirectory() + "k3smigrate-savedplan-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir + "/" + name
    }
}
