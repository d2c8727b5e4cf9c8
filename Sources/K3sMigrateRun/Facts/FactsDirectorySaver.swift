import Foundation
import K3sMigrateCore

/// Writes facts in the layout `FactsDirectoryLoader` reads. Host directories are private (0700)
/// and files 0600. Everything is written below `DIR/<host>/` and never through a link (see
/// `HostFilesystemMirror`): a path or link target a node reports that is not a plain absolute
/// path is refused, a node's symlinked file is recorded as a link whose target is resolved
/// inside that host's mirror, and secret values are masked in every file (`SecretMasking`).
struct FactsDirectorySaver {
    let directory: String

    func save(_ fleet: FleetFacts) throws {
        // DIR itself is the user's choice (it may be or sit below a link); below it nothing is followed.
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for (name, facts) in fleet.hosts.sorted(by: { $0.key < $1.key }) {
            if let problem = HostNameRules.problem(with: name) {
                throw FactsDirectoryError("cannot save facts for host '\(name)': its name \(problem)")
            }
            try save(facts, into: FactsDirectoryLoader(directory: directory).hostDirectory(name))
        }
    }

    private func save(_ facts: HostFacts, into root: String) throws {
        let mirror = HostFilesystemMirror(root: root, host: facts.host)
        try mirror.createRoot()
        try removePreviousFacts(in: mirror)

        var factsFile = FactsFile(k3sVersion: facts.k3sVersion, kernelModules: facts.kernelModules, interfaces: facts.interfaces,
                                  addresses: facts.addresses, sysctls: facts.sysctls, probes: facts.probes)
        let configPaths = FactPaths.configPaths(for: facts)
        let masked = SecretMasking.masked(facts)
        for var file in masked.files.values.sorted(by: { $0.path < $1.path })
        where FactPaths.isFact(file.path) || (!FactPaths.isSecret(file.path) && configPaths.contains { $0.matches(file.path) }) {
            file.content = FactPaths.kept(file.content, at: file.path)
            try write(file, in: mirror)
            if file.mode != nil || file.owner != nil || file.group != nil {
                factsFile.files[file.path] = FactsFile.FileMetadata(mode: file.mode, owner: file.owner, group: file.group)
            }
        }
        for (name, dump) in facts.firewallDumps.sorted(by: { $0.key < $1.key }) {
            guard HostNameRules.problem(with: name) == nil else { throw FactsDirectoryError("host \(facts.host): bad firewall dump name '\(name)'") }
            let fileName = name + ".rules"
            try mirror.write(Array(dump.utf8), at: "/" + fileName)
            factsFile.firewall[name] = FactsFile.FirewallFile(name: fileName)
        }
        try mirror.write(Array(try FactsFileRenderer.render(factsFile).utf8), at: "/" + FactsFile.name)
    }

    private func write(_ file: FileFact, in mirror: HostFilesystemMirror) throws {
        if let problem = HostFilesystemMirror.problem(with: file.path) {
            throw FactsDirectoryError("host \(mirror.host): the node reported the file \(file.path.debugDescription), whose path \(problem): refusing to save it")
        }
        guard let reported = file.symlinkTarget, reported != file.path else {
            try mirror.write(file.content, at: file.path)
            return
        }
        let target = try Self.linkTarget(reported, of: file.path, host: mirror.host)
        guard target != file.path else {
            try mirror.write(file.content, at: file.path)
            return
        }
        try mirror.write(file.content, at: target)
        try mirror.link(file.path, to: target)
    }

    /// Where a node's reported link target lives in its mirror: taken relative to the link's
    /// directory when relative, `..` stopping at the host's root; refused when it holds a control
    /// character or would land on the mirror's own files (facts.yaml, *.rules at the top).
    static func linkTarget(_ reported: String, of path: String, host: String) throws -> String {
        if reported.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw FactsDirectoryError("host \(host): \(path) links to \(reported.debugDescription), which contains a control character: refusing to save it")
        }
        let parent = (path as NSString).deletingLastPathComponent
        let target = HostFilesystemMirror.normalize(reported.hasPrefix("/") ? reported : parent + "/" + reported)
        guard HostFilesystemMirror.components(target).count > 1 else {
            throw FactsDirectoryError("host \(host): \(path) links to \(reported.debugDescription), which resolves to \(target) at the top of the host's mirror: refusing to save it")
        }
        return target
    }

    /// Saving replaces a host's facts: fact files left from an earlier save would otherwise be
    /// read back as if the host still had them. Only entries are removed, never through a link.
    private func removePreviousFacts(in mirror: HostFilesystemMirror) throws {
        var stale: [String] = []
        for factPath in FactPaths.all {
            switch factPath {
            case .file(let path):
                if (try? mirror.checkDirectories(of: path, create: false)) != nil, mirror.exists(path) { stale.append(path) }
            case .directory(let directory, _):
                guard (try? mirror.checkDirectories(of: directory + "/x", create: false)) != nil else { continue }
                stale += try mirror.entriesWithoutLinks(of: directory).map { directory + "/" + $0 }
                    .filter { factPath.matches($0) && !mirror.isDirectory($0) }
            }
        }
        stale += try mirror.entriesWithoutLinks(of: "/").filter { $0 == FactsFile.name || $0.hasSuffix(".rules") }.map { "/" + $0 }
        for path in stale { try mirror.removeEntry(path) }
    }
}
