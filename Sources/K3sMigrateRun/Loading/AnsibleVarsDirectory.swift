import Foundation
import K3sMigrateCore

/// Reads `group_vars/` and `host_vars/` beside an inventory, as Ansible does: for a group or host
/// NAME the file NAME, NAME.yml or NAME.yaml, or every such file in the directory NAME/ (in name
/// order). Only the groups k3smigrate knows (all, k3s_cluster, server, agent, master, node) are read.
public enum AnsibleVarsDirectory {
    public static func files(besides inventoryPath: String) throws(DiagnosticsError) -> [AnsibleVarsFile] {
        let base = URL(fileURLWithPath: inventoryPath).deletingLastPathComponent().path
        var result: [AnsibleVarsFile] = []
        for group in AnsibleVarsFile.groups {
            for path in paths(named: group, in: base + "/group_vars") {
                result.append(AnsibleVarsFile(scope: .group(group), file: path, text: try TextFile.read(path)))
            }
        }
        let hostDirectory = base + "/host_vars"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: hostDirectory)) ?? []).sorted()
        var hosts: [String] = []
        for name in names where !name.hasPrefix(".") {
            let host = name.hasSuffix(".yml") ? String(name.dropLast(4)) : name.hasSuffix(".yaml") ? String(name.dropLast(5)) : name
            if !hosts.contains(host) { hosts.append(host) }
        }
        for host in hosts {
            for path in paths(named: host, in: hostDirectory) {
                result.append(AnsibleVarsFile(scope: .host(host), file: path, text: try TextFile.read(path)))
            }
        }
        return result
    }

    private static func paths(named name: String, in directory: String) -> [String] {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        var found: [String] = []
        for candidate in [name, name + ".yml", name + ".yaml"] {
            let path = directory + "/" + candidate
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                let inner = ((try? fm.contentsOfDirectory(atPath: path)) ?? []).sorted()
                    .filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }
                found += inner.map { path + "/" + $0 }
            } else {
                found.append(path)
            }
        }
        return found
    }
}
