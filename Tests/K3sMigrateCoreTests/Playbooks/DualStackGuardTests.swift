import Testing
@testable import K3sMigrateCore

@Suite("dual-stack only at cluster creation: planner and check")
struct DualStackGuardTests {
    static let netConfPath = "/var/lib/rancher/k3s/agent/etc/flannel/net-conf.json"

    static let playbook = Playbook(
        name: "dual-stack", summary: "test",
        settings: [
            SettingSpec(key: "cluster-cidr", value: .list(["10.42.0.0/16", "2001:cafe:42::/56"]), location: SourceLocation(file: "ds.yaml", line: 4)),
            SettingSpec(key: "service-cidr", value: .list(["10.43.0.0/16", "2001:cafe:43::/112"]), location: SourceLocation(file: "ds.yaml", line: 6)),
        ],
        file: "ds.yaml")

    func fleet(config: String = "cluster-init: true\n") -> TestFleet {
        var fleet = TestFleet()
        fleet.server("s1", config: config)
        fleet.agent("a1")
        return fleet
    }

    @Test("the planner refuses adding IPv6 to an IPv4-only cluster-cidr/service-cidr, with the page's reason and the playbook line")
    func planner() throws {
        do {
            _ = try fleet().plan(Self.playbook)
            Issue.record("must be refused")
        } catch let error as DiagnosticsError {
            #expect(error.diagnostics.map(\.rule) == ["dual-stack-after-creation", "dual-stack-after-creation"])
            #expect(error.diagnostics.allSatisfy { $0.message.contains("once started IPv4-only, it can't be enabled on an existing cluster") })
            #expect(error.diagnostics.compactMap(\.location?.line).sorted() == [4, 6])
        }
        let dual = fleet(config: "cluster-init: true\ncluster-cidr: 10.42.0.0/16,2001:cafe:42::/56\nservice-cidr: 10.43.0.0/16,2001:cafe:43::/112\n")
        #expect(try dual.plan(Self.playbook).hasChanges, "already dual-stack: changing the ranges is not refused")
    }

    func check(netConf: String?, config: String) -> [Diagnostic] {
        var fleet = fleet(config: config)
        fleet.overrides["s1"] = { facts in
            if let netConf { facts.files[Self.netConfPath] = FileFact(path: Self.netConfPath, text: netConf) }
        }
        return FleetCheck.run(inventory: fleet.inventory, facts: fleet.facts).filter { $0.rule == "dual-stack-after-creation" }
    }

    @Test("check: files asking for IPv6 while the running network is IPv4-only, each at its file and line")
    func checkRule() {
        let ipv4 = #"{"Network": "10.42.0.0/16", "EnableIPv6": false, "Backend": {"Type": "vxlan"}}"#
        let dualConfig = "cluster-init: true\ncluster-cidr: 10.42.0.0/16,2001:cafe:42::/56\nservice-cidr: 10.43.0.0/16,2001:cafe:43::/112\n"
        let found = check(netConf: ipv4, config: dualConfig)
        #expect(found.map { "\($0.host ?? "-") \($0.location?.line ?? 0)" } == ["s1 2", "s1 3"])
        #expect(found.allSatisfy { $0.severity == .error && $0.message.contains("IPv4-only") })
        let running = #"{"Network": "10.42.0.0/16", "IPv6Network": "2001:cafe:42::/56", "EnableIPv6": true}"#
        #expect(check(netConf: running, config: dualConfig).isEmpty, "created dual-stack")
        #expect(check(netConf: nil, config: dualConfig).isEmpty, "unknown running network: no claim")
        #expect(check(netConf: ipv4, config: "cluster-init: true\n").isEmpty)
    }
}
