import Foundation
import K3sMigrateCore

/// Reads `DIR/<host>/`: the mirrored K3s files of `FactPaths` and `facts.yaml`.
struct FactsDirectoryLoader {
    let directory: String

    func load(hosts: [K3sMigrateCore.Host]) throws(DiagnosticsError) -> FleetFacts {
        guard HostFilesystemMirror(root: directory).rootIsDirectory || FileManager.default.isDirectory(directory) else {
            throw DiagnosticsError([.error("facts-dir-missing", at: SourceLocation(file: directory),
                                           "the facts directory does not exist (it holds one directory per inventory host)")])
        }
        let missing = hosts.filter { !FileManager.default.isDirectory(hostDirectory($0.name)) }
        if !missing.isEmpty {
            throw DiagnosticsError(missing.map { host in
                .error("facts-dir-missing", host: host.name, at: SourceLocation(file: hostDirectory(host.name)),
                       "no facts directory for this host: expected \(hostDirectory(host.name))/ (one directory per inventory host)")
            })
        }
        var fleet = FleetFacts()
        var problems: [Diagnostic] = []
        let loaded = ParallelMap.map(hosts.map(\.name)) { name in
            var hostProblems: [Diagnostic] = []
            let facts = loadHost(name, problems: &hostProblems)
            return (name, facts, hostProblems)
        }
        for (name, facts, hostProblems) in loaded {
            fleet.hosts[name] = facts
            problems += hostProblems
        }
        guard problems.isEmpty else { throw DiagnosticsError(problems) }
        return fleet
    }

    func hostDirectory(_ name: String) -> String {
        (directory.hasSuffix("/") ? String(directory.dropLast()) : directory) + "/" + name
    }

    private func loadHost(_ name: String, problems: inout [Diagnostic]) -> HostFacts {
        var mirror = HostFilesystemMirror(root: hostDirectory(name), host: name)
        mirror.memo = HostFilesystemMirror.TypeMemo()
        var facts = HostFacts(host: name)
        guard mirror.rootIsDirectory else {
            problems.append(.error("facts-dir", host: name, at: SourceLocation(file: mirror.root),
                                   "the host's directory is a symbolic link: refusing to read through it (it must be a directory)"))
            return facts
        }
        for path in factFiles(in: mirror) {
            do {
                if let file = try read(path, from: mirror) { facts.files[path] = file }
            } catch {
                // The diagnostic names host and file itself: only the reason, not the error's own prefix.
                let reason = (error as? FactsDirectoryError)?.detail ?? "\(error)"
                problems.append(.error("facts-dir", host: name, at: SourceLocation(file: mirror.local(path)), reason))
            }
        }
        // The config file K3S_CONFIG_FILE or --config chose, when it is not the default one.
        for path in factFiles(in: mirror, of: FactPaths.configPaths(for: facts)) where facts.files[path] == nil {
            if let file = try? read(path, from: mirror) { facts.files[path] = file }
        }

        let factsFilePath = mirror.root + "/" + FactsFile.name
        let data: [UInt8]
        do {
            guard let read = try mirror.read("/" + FactsFile.name) else { return facts }
            data = read.content
        } catch {
            problems.append(.error("facts-file", host: name, at: SourceLocation(file: factsFilePath), "\(error)"))
            return facts
        }
        var parser = FactsFileParser(file: factsFilePath, host: name)
        let extra = parser.parse(String(decoding: data, as: UTF8.self))
        problems += parser.problems
        apply(extra, to: &facts, mirror: mirror, factsFile: factsFilePath, problems: &problems)
        return facts
    }

    /// Host paths of every fact file present in the mirror, in a stable order.
    private func factFiles(in mirror: HostFilesystemMirror, of factPaths: [FactPath] = FactPaths.all) -> [String] {
        var paths: [String] = []
        for factPath in factPaths {
            switch factPath {
            case .file(let path):
                if mirror.exists(path) { paths.append(path) }
            case .directory(let directory, _):
                paths += mirror.entries(of: directory).map { directory + "/" + $0 }
                    .filter { factPath.matches($0) && !FactPaths.isSecret($0) && !mirror.isDirectory($0) }
            }
        }
        return paths
    }

    /// Reads `path` as the host would, inside the host's mirror (`HostFilesystemMirror`).
    private func read(_ path: String, from mirror: HostFilesystemMirror) throws -> FileFact? {
        guard let (content, target) = try mirror.read(path) else {
            let target = try mirror.resolve(path)
            if target != path {
                throw FactsDirectoryError("symbolic link to \(target), which is not in the facts directory (expected \(mirror.local(target)))")
            }
            return nil
        }
        return FileFact(path: path, content: FactPaths.kept(content, at: path), symlinkTarget: target == path ? nil : target)
    }

    private func apply(_ extra: FactsFile, to facts: inout HostFacts, mirror: HostFilesystemMirror,
                       factsFile: String, problems: inout [Diagnostic]) {
        facts.k3sVersion = extra.k3sVersion
        facts.kernelModules = extra.kernelModules
        facts.interfaces = extra.interfaces
        facts.addresses = extra.addresses
        facts.sysctls = extra.sysctls
        facts.probes = extra.probes
        for (path, metadata) in extra.files {
            guard facts.files[path] != nil else {
                let why = FactPaths.isFact(path) ? "there is no \(mirror.local(path))" : "it is not one of the K3s files facts are made of"
                problems.append(.error("facts-file", host: facts.host, at: SourceLocation(file: factsFile, line: metadata.line),
                                       "files entry \(path) describes no mirrored file: \(why)"))
                continue
            }
            facts.files[path]?.mode = metadata.mode
            facts.files[path]?.owner = metadata.owner
            facts.files[path]?.group = metadata.group
        }
        for (name, file) in extra.firewall {
            let local = mirror.root + "/" + file.name
            guard HostNameRules.problem(with: file.name) == nil else {
                problems.append(.error("facts-file", host: facts.host, at: SourceLocation(file: factsFile, line: file.line),
                                       "firewall \(name) names \(file.name.debugDescription), which is not a file name in the host's directory"))
                continue
            }
            let data: [UInt8]
            do {
                guard let read = try mirror.read("/" + file.name) else {
                    problems.append(.error("facts-file", host: facts.host, at: SourceLocation(file: factsFile, line: file.line),
                                           "firewall \(name) names \(file.name), but there is no \(local)"))
                    continue
                }
                data = read.content
            } catch {
                problems.append(.error("facts-file", host: facts.host, at: SourceLocation(file: factsFile, line: file.line), "\(error)"))
                continue
            }
            facts.firewallDumps[name] = String(decoding: data, as: UTF8.self)
        }
    }
}

extension FileManager {
    /// Whether `path` is a directory (following a link: the facts directory itself is the user's choice).
    func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
