import Foundation
@testable import K3sMigrateRun

/// Helpers shared by the playbook lab tests.
enum PlaybookLab {
    static func stateDir() -> String { NSTemporaryDirectory() + "k3smigrate-pb-state-\(UUID().uuidString)" }

    /// The id of the only (or latest) run journaled in `state`.
    static func lastRunID(_ state: String) -> String? {
        ((try? FileManager.default.contentsOfDirectory(atPath: state + "/runs")) ?? []).sorted().last
    }

    /// Writes a copy of the lab's inventory with `extra` lines added under each named host.
    static func inventory(_ lab: LabFleet, adding extra: [String: [String]]) throws -> String {
        var lines: [String] = []
        var current: String?
        for line in try String(contentsOfFile: lab.inventoryPath, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append(String(line))
            if let range = line.range(of: "- name: ") { current = String(line[range.upperBound...]) }
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("address:"), let host = current {
                let indent = String(line.prefix { $0 == " " })
                lines += (extra[host] ?? []).map { indent + $0 }
            }
        }
        let path = lab.stateDirectory + "/inventory-\(UUID().uuidString.prefix(8)).yaml"
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

extension LabFleet {
    /// Whether the node's uplink `eth0` is administratively up.
    func uplinkUp(_ node: String) throws -> Bool {
        let flags = try exec(node, "ip -o link show dev eth0").stdout
        guard let open = flags.firstIndex(of: "<"), let close = flags.firstIndex(of: ">") else { return false }
        return flags[flags.index(after: open)..<close].split(separator: ",").contains("UP")
    }

    /// Names of the node's `cilium_*` links.
    func ciliumLinks(_ node: String) throws -> [String] {
        try exec(node, "ip -o link show").stdout.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: ":", maxSplits: 2)
            guard parts.count > 1 else { return nil }
            let name = parts[1].trimmingCharacters(in: .whitespaces).split(separator: "@").first.map(String.init) ?? ""
            return name.hasPrefix("cilium_") ? name : nil
        }.sorted()
    }
}
