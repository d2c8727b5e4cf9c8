import Foundation
import K3sMigrateCore

/// The framed output of `FactsScript`, decoded.
struct FactsScriptOutput: Equatable {
    struct File: Equatable {
        var path: String
        var content: [UInt8]
        var mode: UInt32?
        var owner: String?
        var group: String?
        var symlinkTarget: String?
    }

    /// Section payloads by name (`k3s-version`, `links`, `firewall iptables`, `probe external-ip`...).
    var sections: [String: String] = [:]
    var files: [File] = []

    static func parse(_ output: [UInt8]) throws(FactsGatherError) -> FactsScriptOutput {
        // Split bytes, not Characters: Swift reads "\r\n" as one Character.
        let lines = output.split(separator: 10, omittingEmptySubsequences: false).map { bytes in
            Substring(String(decoding: bytes.last == 13 ? bytes.dropLast() : bytes, as: UTF8.self))
        }
        // Shell startup files may print before the script starts: skip to the marker.
        guard let start = lines.firstIndex(where: { $0 == FactsScript.marker }) else {
            throw .incompleteOutput("no start marker (the command printed \(output.count) bytes)")
        }
        var result = FactsScriptOutput()
        var header: (line: Int, text: Substring)?
        var payload = ""
        var finished = false

        func flush() throws(FactsGatherError) {
            guard let (line, text) = header else { return }
            try result.add(header: text, payload: payload, line: line)
            header = nil
            payload = ""
        }

        for index in lines.index(after: start)..<lines.endIndex {
            let line = lines[index]
            if line.hasPrefix("@@") {
                try flush()
                if line == FactsScript.done {
                    finished = true
                    break
                }
                header = (index + 1, line.dropFirst(2))
            } else if header != nil {
                payload += line
            } else if !line.isEmpty {
                throw .malformed(line: index + 1, reason: "data outside any frame")
            }
        }
        guard finished else { throw .incompleteOutput("no end marker: the output was cut short") }
        return result
    }

    private mutating func add(header: Substring, payload: String, line: Int) throws(FactsGatherError) {
        let words = header.split(separator: " ", omittingEmptySubsequences: true)
        guard let kind = words.first else { throw .malformed(line: line, reason: "empty frame") }
        switch kind {
        case "section":
            let name = words.dropFirst().joined(separator: " ")
            sections[name] = String(decoding: try Self.decode(payload, line: line), as: UTF8.self)
        case "file":
            guard words.count == 4 else { throw .malformed(line: line, reason: "a file frame needs path, mode and link") }
            let path = String(decoding: try Self.decode(String(words[1]), line: line), as: UTF8.self)
            let reported = words[3] == "-" ? nil : String(decoding: try Self.decode(String(words[3]), line: line), as: UTF8.self)
            let link = try reported.map { target throws(FactsGatherError) in try Self.linkTarget(target, of: path, line: line) }
            var file = File(path: path, content: try Self.decode(payload, line: line), symlinkTarget: link)
            let stat = words[2].split(separator: ":", omittingEmptySubsequences: false)
            if stat.count == 3 {
                file.mode = UInt32(stat[0], radix: 8)
                file.owner = stat[1].isEmpty ? nil : String(stat[1])
                file.group = stat[2].isEmpty ? nil : String(stat[2])
            }
            files.append(file)
        case "unreadable":
            let path = words.count > 1 ? String(decoding: try Self.decode(String(words[1]), line: line), as: UTF8.self) : "a K3s file"
            throw .unreadable(path: path)
        default:
            throw .malformed(line: line, reason: "unknown frame '@@\(kind)'")
        }
    }

    /// A link target as the host resolves it: `readlink -f` gives an absolute path; anything else
    /// (relative, `..`, `.`) is taken relative to the link's directory with `..` stopping at the
    /// root, so the planner, the saver and apply only ever see a plain absolute path. A control
    /// character (NUL, line break, escape) is refused.
    static func linkTarget(_ target: String, of path: String, line: Int) throws(FactsGatherError) -> String {
        if target.isEmpty || target.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw .malformed(line: line, reason: "the link target of \(path) is empty or holds a control character")
        }
        let parent = path.split(separator: "/").dropLast().joined(separator: "/")
        return HostFilesystemMirror.normalize(target.hasPrefix("/") ? target : "/" + parent + "/" + target)
    }

    private static func decode(_ base64: String, line: Int) throws(FactsGatherError) -> [UInt8] {
        if base64.isEmpty { return [] }
        guard let data = Data(base64Encoded: base64) else { throw .malformed(line: line, reason: "invalid base64") }
        return Array(data)
    }

    /// The facts these frames describe for `host`.
    /// `extraPaths`: config-file paths beyond `FactPaths.all` that this output may hold.
    func hostFacts(for host: K3sMigrateCore.Host, allowing extraPaths: [FactPath] = []) -> HostFacts {
        var facts = HostFacts(host: host.name)
        facts.k3sVersion = sections["k3s-version"].flatMap { K3sVersion(parsing: $0) }
        facts.kernelModules = sections["modules"].map { text in
            Set(text.split(whereSeparator: \.isNewline).compactMap { line in
                let words = line.split(separator: " ")
                return words.count == 2 && words[1] == "yes" ? String(words[0]) : nil
            })
        }
        if let links = sections["links"], !links.isEmpty { facts.interfaces = IPCommandOutput.interfaces(links) }
        facts.addresses = sections["addrs"].map(IPCommandOutput.addresses) ?? [:]
        for line in (sections["sysctl"] ?? "").split(whereSeparator: \.isNewline) {
            guard let equals = line.firstIndex(of: "=") else { continue }
            facts.sysctls[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        for (name, dump) in sections where name.hasPrefix("firewall ") && !dump.isEmpty {
            facts.firewallDumps[String(name.dropFirst("firewall ".count))] = dump
        }
        if let probe = externalIP(host.externalIP, addresses: facts.addresses) { facts.probes["external-ip"] = probe }
        if let swanctl = sections["probe " + HostFacts.swanctlProbe]?.trimmingCharacters(in: .whitespacesAndNewlines), !swanctl.isEmpty {
            facts.probes[HostFacts.swanctlProbe] = swanctl
        }
        if let nodes = sections["probe " + HostFacts.clusterNodesProbe].map(ClusterNodes.normalized), !nodes.isEmpty {
            facts.probes[HostFacts.clusterNodesProbe] = nodes
        }
        for file in files where FactPaths.isFact(file.path) || (!FactPaths.isSecret(file.path) && extraPaths.contains { $0.matches(file.path) }) {
            facts.files[file.path] = FileFact(path: file.path, content: FactPaths.kept(file.content, at: file.path), mode: file.mode, owner: file.owner,
                                              group: file.group, symlinkTarget: file.symlinkTarget == file.path ? nil : file.symlinkTarget)
        }
        return facts
    }

    private func externalIP(_ source: ExternalIPSource?, addresses: [String: [String]]) -> String? {
        switch source {
        case .command:
            let first = sections["probe external-ip"]?.split(whereSeparator: \.isNewline).first
            let address = first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            return address.isEmpty ? nil : address
        case .interface(let name):
            return addresses[name]?.first
        case .address(let address):
            return address
        case nil:
            return nil
        }
    }
}
