import Foundation
import K3sMigrateCore

/// Writes facts in the layout `FactsDirectoryLoader` reads. Host directories are private (0700)
/// and files 0600: config.yaml may hold the cluster token. Their real mode goes to facts.yaml.
struct FactsDirectorySaver {
    let directory: String
    private var fileManager: FileManager { .default }

    func save(_ fleet: FleetFacts) throws {
        for (name, facts) in fleet.hosts.sorted(by: { $0.key < $1.key }) {
            if let problem = HostNameRules.problem(with: name) {
                throw FactsDirectoryError("cannot save facts for host '\(name)': its name \(problem)")
            }
            try save(facts, into: FactsDirectoryLoader(directory: directory).hostDirectory(name))
        }
    }

    private func save(_ facts: HostFacts, into root: String) throws {
        let mirror = HostFilesystemMirror(root: root)
        try fileManager.createDirectory(atPath: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try removePreviousFacts(in: mirror)

        var factsFile = FactsFile(k3sVersion: facts.k3sVersion, kernelModules: facts.kernelModules, interfaces: facts.interfaces,
                                  addresses: facts.addresses, sysctls: facts.sysctls, probes: facts.probes)
        let configPaths = FactPaths.configPaths(for: facts)
        for var file in facts.files.values.sorted(by: { $0.path < $1.path })
        where FactPaths.isFact(file.path) || (!FactPaths.isSecret(file.path) && configPaths.contains { $0.matches(file.path) }) {
            file.content = FactPaths.kept(file.content, at: file.path)
            try write(file, in: mirror)
            if file.mode != nil || file.owner != nil || file.group != nil {
                factsFile.files[file.path] = FactsFile.FileMetadata(mode: file.mode, owner: file.owner, group: file.group)
            }
        }
        for (name, dump) in facts.firewallDumps.sorted(by: { $0.key < $1.key }) {
            guard HostNameRules.problem(with: name) == nil else { throw FactsDirectoryError("bad firewall dump name '\(name)'") }
            let fileName = name + ".rules"
            try writeData(Data(dump.utf8), to: root + "/" + fileName)
            factsFile.firewall[name] = FactsFile.FirewallFile(name: fileName)
        }
        try writeData(Data(try FactsFileRenderer.render(factsFile).utf8), to: root + "/" + FactsFile.name)
    }

    private func write(_ file: FileFact, in mirror: HostFilesystemMirror) throws {
        guard let target = file.symlinkTarget, target != file.path else {
            try writeData(Data(file.content), to: mirror.local(file.path))
            return
        }
        try writeData(Data(file.content), to: mirror.local(target))
        try createParent(of: mirror.local(file.path))
        try fileManager.createSymbolicLink(atPath: mirror.local(file.path),
                                           withDestinationPath: HostFilesystemMirror.relativePath(from: file.path, to: target))
    }

    /// Saving replaces a host's facts: fact files left from an earlier save would otherwise be
    /// read back as if the host still had them.
    private func removePreviousFacts(in mirror: HostFilesystemMirror) throws {
        var stale: [String] = []
        for factPath in FactPaths.all {
            switch factPath {
            case .file(let path):
                if mirror.exists(path) { stale.append(mirror.local(path)) }
            case .directory(let directory, _):
                stale += mirror.entries(of: directory).map { directory + "/" + $0 }
                    .filter { factPath.matches($0) && !mirror.isDirectory($0) }.map(mirror.local)
            }
        }
        stale += mirror.entries(of: "/").filter { $0 == FactsFile.name || $0.hasSuffix(".rules") }.map { mirror.root + "/" + $0 }
        for path in stale { try fileManager.removeItem(atPath: path) }
    }

    private func writeData(_ data: Data, to path: String) throws {
        try createParent(of: path)
        if (try? fileManager.attributesOfItem(atPath: path)) != nil { try fileManager.removeItem(atPath: path) }
        guard fileManager.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw FactsDirectoryError("cannot write \(path)")
        }
    }

    private func createParent(of path: String) throws {
        try fileManager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                                        attributes: [.posixPermissions: 0o700])
    }
}
