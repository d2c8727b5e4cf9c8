import Foundation
import Testing
@testable import K3sMigrateCore
@testable import K3sMigrateRun

/// `plan -i DIR` / `facts -i DIR` end to end through the binary, on a generated fleet directory
/// (bench/make-fleet-of-clusters.py: native and k3s-ansible inventories in turn, host names
/// repeating from cluster to cluster).
@Suite("fleet of clusters: plan over a directory")
struct FleetPlanCLITests {
    struct Fleet {
        let root: String
        var inventories: String { root + "/inventories" }
        var nodes: String { root + "/nodes" }

        init(clusters: Int) throws {
            root = NSTemporaryDirectory() + "k3smigrate-fleetplan-\(UUID().uuidString)"
            let made = try ProcessRunner.run("/usr/bin/python3", [BinaryRunner.repoRoot + "/bench/make-fleet-of-clusters.py", root, String(clusters), "1", "1"])
            guard made.status == 0 else { throw LabError.failed(made.stderr) }
        }

        func remove() { try? FileManager.default.removeItem(atPath: root) }
    }

    @Test func jsonHoldsEverySingleClusterPlanUnchanged() throws {
        let fleet = try Fleet(clusters: 4)
        defer { fleet.remove() }
        let result = try BinaryRunner.run(["plan", "-i", fleet.inventories, "-p", "wireguard-native", "--from-dir", fleet.nodes, "--format", "json", "--detailed-exitcode"])
        #expect(result.status == 2, "\(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let summary = try #require(document["summary"] as? [String: Any])
        #expect(summary["clusters"] as? Int == 4)
        #expect(summary["clustersWithChanges"] as? Int == 3)
        #expect(summary["clustersWithoutChanges"] as? Int == 1)
        #expect(summary["clustersRefused"] as? Int == 0)
        #expect(summary["withChanges"] as? [String] == ["store-0001", "store-0002", "store-0004"])
        let clusters = try #require(document["clusters"] as? [[String: Any]])
        #expect(clusters.compactMap { ($0["summary"] as? [String: Any])?["cluster"] as? String } == ["store-0001", "store-0002", "store-0003", "store-0004"])

        // Each element is byte for byte what `plan -i FILE --from-dir DIR/<cluster>` prints.
        let single = try BinaryRunner.run(["plan", "-i", fleet.inventories + "/store-0002.yaml", "-p", "wireguard-native",
                                           "--from-dir", fleet.nodes + "/store-0002", "--format", "json"])
        #expect(single.status == 0)
        let pretty = try JSONSerialization.data(withJSONObject: clusters[1], options: [.sortedKeys])
        let alone = try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: Data(single.stdout.utf8)), options: [.sortedKeys])
        #expect(pretty == alone)
        // Same inputs, same document.
        let again = try BinaryRunner.run(["plan", "-i", fleet.inventories, "-p", "wireguard-native", "--from-dir", fleet.nodes, "--format", "json"])
        #expect(again.stdout == result.stdout)
    }

    @Test("--format json keeps stdout a JSON document when the playbook or the fleet can't be read")
    func jsonErrorDocumentOnStdout() throws {
        let fleet = try Fleet(clusters: 2)
        defer { fleet.remove() }
        let missingPlaybook = try BinaryRunner.run(["plan", "-i", fleet.inventories, "-p", "nosuch", "--from-dir", fleet.nodes, "--format", "json"])
        #expect(missingPlaybook.status == 1, "\(missingPlaybook.stderr)")
        #expect(!missingPlaybook.stderr.contains("Usage:"))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(missingPlaybook.stdout.utf8)) as? [String: Any], "stdout: \(missingPlaybook.stdout)")
        #expect(document["errors"] as? Int == 1)
        let problems = try #require(document["problems"] as? [[String: Any]])
        #expect(problems.first?["rule"] as? String == "playbook")
        #expect((problems.first?["message"] as? String)?.contains("no built-in playbook named 'nosuch'") == true)

        // A fleet directory with two inventories naming the same cluster: refused, still JSON.
        let copy = fleet.inventories + "/again.yaml"
        try FileManager.default.copyItem(atPath: fleet.inventories + "/store-0001.yaml", toPath: copy)
        let duplicate = try BinaryRunner.run(["plan", "-i", fleet.inventories, "-p", "wireguard-native", "--from-dir", fleet.nodes, "--format", "json"])
        #expect(duplicate.status == 1, "\(duplicate.stderr)")
        let refused = try #require(try JSONSerialization.jsonObject(with: Data(duplicate.stdout.utf8)) as? [String: Any], "stdout: \(duplicate.stdout)")
        #expect((refused["errors"] as? Int ?? 0) >= 1)
    }

    @Test func aRefusedClusterIsNamedAndTheOthersArePlanned() throws {
        let fleet = try Fleet(clusters: 3)
        defer { fleet.remove() }
        try "flannel-backend: [\n".write(toFile: fleet.nodes + "/store-0002/s1/etc/rancher/k3s/config.yaml", atomically: true, encoding: .utf8)
        let json = try BinaryRunner.run(["plan", "-i", fleet.inventories, "-p", "wireguard-native", "--from-dir", fleet.nodes, "--format", "json"])
        #expect(json.status == 1)
        #expect(json.stderr.contains("error: host store-0002/s1: /etc/rancher/k3s/config.yaml:2:1: invalid YAML"), "\(json.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let summary = try #require(document["summary"] as? [String: Any])
        #expect(summary["clustersRefused"] as? Int == 1)
        let refused = try #require((summary["refused"] as? [[String: Any]])?.first)
        #expect(refused["cluster"] as? String == "store-0002")
        #expect(refused["file"] as? String == fleet.inventories + "/store-0002.yaml")
        let problem = try #require((refused["problems"] as? [[String: Any]])?.first)
        #expect(problem["host"] as? String == "s1" && problem["line"] as? Int == 2 && problem["rule"] as? String == "invalid-yaml")
        #expect((document["clusters"] as? [Any])?.count == 2)

        let text = try BinaryRunner.run(["plan", "-i", fleet.inventories, "-p", "wireguard-native", "--from-dir", fleet.nodes])
        #expect(text.status == 1)
        #expect(text.stdout.contains("=== cluster store-0001"))
        #expect(text.stdout.contains("=== cluster store-0003"))
        #expect(text.stdout.contains("with changes:    1 (store-0001)"))
        #expect(text.stdout.contains("without changes: 1"))
        #expect(text.stdout.contains("refused:         1"))
        #expect(text.stdout.contains("store-0002 (\(fleet.inventories)/store-0002.yaml): error: host s1: /etc/rancher/k3s/config.yaml:2:1"))
    }

    @Test func duplicateClusterNamesRefuseTheFleet() throws {
        let fleet = try Fleet(clusters: 2)
        defer { fleet.remove() }
        let copy = fleet.inventories + "/copy.yml"
        try FileManager.default.copyItem(atPath: fleet.inventories + "/store-0001.yaml", toPath: copy)
        let result = try BinaryRunner.run(["plan", "-i", fleet.inventories, "-p", "wireguard-native", "--from-dir", fleet.nodes])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("cluster name 'store-0001' is used by both \(copy) and \(fleet.inventories)/store-0001.yaml"), "\(result.stderr)")
    }

    @Test func shardsOfThePlanSplitTheFleet() throws {
        let fleet = try Fleet(clusters: 9)
        defer { fleet.remove() }
        var seen: [String] = []
        for index in 0..<3 {
            let result = try BinaryRunner.run(["plan", "-i", fleet.inventories, "-p", "wireguard-native", "--from-dir", fleet.nodes,
                                               "--format", "json", "--shard", "\(index)/3"])
            #expect(result.status == 0, "\(result.stderr)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect((document["summary"] as? [String: Any])?["shard"] as? String == "\(index)/3")
            seen += (document["clusters"] as? [[String: Any]] ?? []).compactMap { ($0["summary"] as? [String: Any])?["cluster"] as? String }
        }
        #expect(seen.sorted() == (1...9).map { String(format: "store-%04d", $0) })
        let single = try BinaryRunner.run(["plan", "-i", fleet.inventories + "/store-0001.yaml", "-p", "wireguard-native", "--shard", "0/2"])
        #expect(single.status == 64)
    }

    @Test func factsSaveWritesClusterHostLayoutThatPlanReadsBack() throws {
        let fleet = try Fleet(clusters: 2)
        defer { fleet.remove() }
        let saved = fleet.root + "/saved"
        let facts = try BinaryRunner.run(["facts", "-i", fleet.inventories, "--from-dir", fleet.nodes, "--save", saved])
        #expect(facts.status == 0, "\(facts.stderr)")
        #expect(facts.stdout.contains("store-0001/s1 server"))
        #expect(facts.stdout.contains("store-0002/a1 agent"))
        for path in ["store-0001/s1/etc/rancher/k3s/config.yaml", "store-0002/a1/etc/systemd/system/k3s-agent.service"] {
            #expect(FileManager.default.fileExists(atPath: saved + "/" + path), "\(path)")
        }
        let fromSaved = try BinaryRunner.run(["plan", "-i", fleet.inventories, "-p", "wireguard-native", "--from-dir", saved, "--format", "json"])
        let fromOriginal = try BinaryRunner.run(["plan", "-i", fleet.inventories, "-p", "wireguard-native", "--from-dir", fleet.nodes, "--format", "json"])
        #expect(fromSaved.status == 0)
        #expect(fromSaved.stdout == fromOriginal.stdout)
    }
}
