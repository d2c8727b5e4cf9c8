import Foundation
import Testing
@testable import K3sMigrateCore
@testable import K3sMigrateRun

/// Several lab fleets side by side, one small cluster each (1 server + 1 agent), and a fleet
/// directory holding their inventories with chosen cluster names (`store-1`, ...): what `-i DIR`
/// reads. Always `down()` in a `defer`.
struct LabClusters {
    let labs: [String: LabFleet]
    let directory: String

    var names: [String] { labs.keys.sorted() }

    static func up(_ prefix: String, clusters names: [String], scenario: String = "wireguard-mixed") throws -> LabClusters {
        let directory = NSTemporaryDirectory() + "k3smigrate-fleet-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var labs: [String: LabFleet] = [:]
        do {
            for (index, name) in names.enumerated() {
                let lab = try LabFleet.up("\(prefix)\(index + 1)", servers: 1, agents: 1, scenario: scenario, extra: ["--restart-delay", "1"])
                labs[name] = lab
                let text = try String(contentsOfFile: lab.inventoryPath, encoding: .utf8)
                    .replacingOccurrences(of: "cluster: lab-\(lab.name)\n", with: "cluster: \(name)\n")
                try text.write(toFile: directory + "/\(name).yaml", atomically: true, encoding: .utf8)
            }
        } catch {
            for lab in labs.values { lab.down() }
            throw error
        }
        return LabClusters(labs: labs, directory: directory)
    }

    func down() {
        for lab in labs.values { lab.down() }
        try? FileManager.default.removeItem(atPath: directory)
    }

    func lab(_ cluster: String) -> LabFleet { labs[cluster]! }

    /// Every node of the cluster Ready on `backend` (`wireguard` for wireguard-native,
    /// `extension` for the legacy backend: the flannel annotation's values).
    func isReady(_ cluster: String, backend: String) throws -> Bool {
        let nodes = try lab(cluster).nodes()
        return ["s1", "a1"].allSatisfy { nodes[$0]?.ready == true && nodes[$0]?.backend == backend }
    }

    func snapshot(_ cluster: String) throws -> [String: [String: LabFleet.FileState]] {
        try lab(cluster).k3sFiles(of: ["s1", "a1"])
    }
}

/// The fleet run's final table (text output): cluster -> outcome.
func fleetTable(_ text: String) -> [String: String] {
    var rows: [String: String] = [:]
    var inTable = false
    for line in text.split(separator: "\n") {
        if line.hasPrefix("CLUSTER ") { inTable = true; continue }
        guard inTable else { continue }
        let words = line.split(separator: " ")
        if words.count >= 3, ClusterOutcome(rawValue: String(words[1])) != nil { rows[String(words[0])] = String(words[1]) }
    }
    return rows
}
