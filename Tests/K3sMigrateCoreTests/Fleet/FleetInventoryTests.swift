import Testing
@testable import K3sMigrateCore

@Suite("fleet of clusters: loading a directory of inventories")
struct FleetInventoryTests {
    static func native(_ cluster: String, servers: [String] = ["s1"], agents: [String] = ["a1"]) -> String {
        var lines = ["cluster: \(cluster)", "ssh:", "  user: root", "servers:"]
        lines += servers.enumerated().map { "  - name: \($1)\n    address: 10.0.0.\($0 + 1)" }
        lines += agents.isEmpty ? ["agents: []"] : ["agents:"] + agents.enumerated().map { "  - name: \($1)\n    address: 10.0.1.\($0 + 1)" }
        return lines.joined(separator: "\n") + "\n"
    }

    static func ansible(_ cluster: String?, servers: [String] = ["s1"], agents: [String] = ["a1"]) -> String {
        var lines = ["k3s_cluster:", "  vars:", "    ansible_user: root"]
        if let cluster { lines.append("    k3smigrate_cluster: \(cluster)") }
        lines += ["  children:", "    server:", "      hosts:"]
        lines += servers.map { "        \($0):\n          ansible_host: 10.0.2.1" }
        lines += ["    agent:", "      hosts:"] + agents.map { "        \($0):\n          ansible_host: 10.0.3.1" }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func mixedFormatsMakeOneFleetSortedByClusterName() throws {
        let fleet = try FleetInventory.assemble(directory: "/fleet", files: [
            ("/fleet/zeta.yaml", Self.native("store-002")),
            ("/fleet/alpha.yml", Self.ansible("store-001", servers: ["s1", "s2"])),
            ("/fleet/store-003.yaml", Self.ansible(nil)),
        ])
        #expect(fleet.names == ["store-001", "store-002", "store-003"])
        #expect(fleet.cluster(named: "store-001")?.file == "/fleet/alpha.yml")
        #expect(fleet.cluster(named: "store-001")?.inventory.servers.map(\.name) == ["s1", "s2"])
        #expect(fleet.cluster(named: "store-002")?.inventory.agents.map(\.address) == ["10.0.1.1"])
        // An Ansible file without k3smigrate_cluster is named after its file, with a warning.
        let unnamed = try #require(fleet.cluster(named: "store-003"))
        #expect(unnamed.warnings.contains { $0.rule == "inventory-cluster-name" })
        #expect(fleet.hostCount == 7)
    }

    @Test func repeatedHostNamesAcrossClustersAreFineAndScoped() throws {
        let fleet = try FleetInventory.assemble(directory: "/fleet", files: [
            ("/fleet/a.yaml", Self.native("store-001")),
            ("/fleet/b.yaml", Self.native("store-002")),
        ])
        for cluster in fleet.clusters {
            #expect(cluster.inventory.hosts.map(\.name) == ["s1", "a1"])
        }
        #expect(FleetInventory.factsDirectory("/facts/", cluster: "store-002") == "/facts/store-002")
        let problem = Diagnostic.error("invalid-yaml", host: "s1", at: SourceLocation(file: "/etc/rancher/k3s/config.yaml", line: 3), "bad")
        #expect(problem.scoped(to: "store-017").description == "error: host store-017/s1: /etc/rancher/k3s/config.yaml:3: bad [invalid-yaml]")
        #expect(Diagnostic.error("unreachable", "x").scoped(to: "store-017").host == "store-017")
    }

    @Test func repeatedHostNameInsideOneClusterIsStillAnError() {
        #expect(throws: DiagnosticsError.self) {
            try FleetInventory.assemble(directory: "/fleet", files: [("/fleet/a.yaml", Self.native("store-001", servers: ["s1", "s1"]))])
        }
    }

    @Test func duplicateClusterNamesNameBothFiles() throws {
        let error = try #require(throws: DiagnosticsError.self) {
            try FleetInventory.assemble(directory: "/fleet", files: [
                ("/fleet/one.yaml", Self.native("store-001")),
                ("/fleet/two.yml", Self.ansible("store-001")),
                ("/fleet/three.yaml", Self.native("store-002")),
            ])
        }
        #expect(error.diagnostics.count == 1)
        let message = error.diagnostics[0].description
        #expect(error.diagnostics[0].rule == "fleet-duplicate-cluster")
        #expect(message.contains("/fleet/one.yaml") && message.contains("/fleet/two.yml") && message.contains("'store-001'"))
    }

    @Test func everyBadFileIsReportedAtOnce() throws {
        let error = try #require(throws: DiagnosticsError.self) {
            try FleetInventory.assemble(directory: "/fleet", files: [
                ("/fleet/a.yaml", "cluster: [\n"),
                ("/fleet/b.yaml", Self.native("ok")),
                ("/fleet/c.yaml", "servers: []\n"),
            ])
        }
        let files = Set(error.diagnostics.compactMap { $0.location?.file })
        #expect(files == ["/fleet/a.yaml", "/fleet/c.yaml"])
    }

    @Test func emptyDirectoryIsAnError() {
        #expect(throws: DiagnosticsError.self) { try FleetInventory.assemble(directory: "/fleet", files: []) }
    }
}
