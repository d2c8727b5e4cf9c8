import K3sMigrateCore
import Yams

/// Reads `facts.yaml`, reporting every problem with file, line and host.
struct FactsFileParser {
    /// Only nulls need resolving here; Yams' full resolver runs several regexes per value.
    static let nullOnly = Resolver.basic.appending(.null)

    let file: String
    let host: String
    private(set) var problems: [Diagnostic] = []

    init(file: String, host: String) {
        self.file = file
        self.host = host
    }

    mutating func parse(_ text: String) -> FactsFile {
        var facts = FactsFile()
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text, FactsFileParser.nullOnly, .default, .utf8) else { return facts }
            root = node
        } catch {
            problems.append(Self.yamlProblem(error, file: file, host: host))
            return facts
        }
        guard let entries = mapping(root, what: "facts.yaml") else { return facts }
        for (key, keyNode, value) in entries {
            switch key {
            case "k3s_version":
                guard let text = scalarText(value, what: key) else { continue }
                facts.k3sVersion = K3sVersion(parsing: text)
                if facts.k3sVersion == nil { fail(at: value, "k3s_version '\(text)' is not a K3s version such as v1.25.16+k3s4") }
            case "kernel_modules": facts.kernelModules = list(value, what: key).map(Set.init)
            case "interfaces": facts.interfaces = list(value, what: key)
            case "addresses":
                for (name, _, addresses) in mapping(value, what: key) ?? [] {
                    let what = "addresses of \(name)"
                    let single = addresses.scalar != nil && addresses.tag.rawValue != Tag.Name.null.rawValue
                    facts.addresses[name] = single ? scalarText(addresses, what: what).map { [$0] } : list(addresses, what: what)
                }
            case "sysctls": facts.sysctls = strings(value, what: key)
            case "probes": facts.probes = strings(value, what: key)
            case "files":
                for (path, pathNode, metadata) in mapping(value, what: key) ?? [] {
                    facts.files[path] = fileMetadata(metadata, path: path, line: pathNode.mark?.line ?? 0)
                }
            case "firewall":
                for (name, nameNode, fileName) in mapping(value, what: key) ?? [] {
                    guard let fileName = scalarText(fileName, what: "firewall \(name)") else { continue }
                    if fileName.contains("/") || fileName == ".." || fileName == "." || fileName == FactsFile.name {
                        fail(at: nameNode, "firewall \(name) must name a file inside the host's directory, not '\(fileName)'")
                        continue
                    }
                    facts.firewall[name] = FactsFile.FirewallFile(name: fileName, line: nameNode.mark?.line ?? 0)
                }
            default:
                unknown(key, at: keyNode, allowed: FactsFile.keys, in: "facts.yaml")
            }
        }
        return facts
    }

    private mutating func fileMetadata(_ node: Node, path: String, line: Int) -> FactsFile.FileMetadata {
        var metadata = FactsFile.FileMetadata(line: line)
        for (key, keyNode, value) in mapping(node, what: "files \(path)") ?? [] {
            switch key {
            case "mode":
                guard let text = scalarText(value, what: "mode of \(path)") else { continue }
                metadata.mode = FactsFile.mode(from: text)
                if metadata.mode == nil { fail(at: value, "mode of \(path) must be octal such as \"0600\", not '\(text)'") }
            case "owner": metadata.owner = scalarText(value, what: "owner of \(path)")
            case "group": metadata.group = scalarText(value, what: "group of \(path)")
            default: unknown(key, at: keyNode, allowed: FactsFile.fileKeys, in: "files \(path)")
            }
        }
        return metadata
    }

    // MARK: - Node access

    private mutating func mapping(_ node: Node, what: String) -> [(String, Node, Node)]? {
        if case .scalar = node, node.tag.rawValue == Tag.Name.null.rawValue { return [] }
        guard let mapping = node.mapping else {
            fail(at: node, "\(what) must be a mapping (key: value)")
            return nil
        }
        var result: [(String, Node, Node)] = []
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                fail(at: key, "keys of \(what) must be plain names")
                continue
            }
            result.append((name, key, value))
        }
        return result
    }

    private mutating func scalarText(_ node: Node, what: String) -> String? {
        guard let scalar = node.scalar else {
            fail(at: node, "\(what) must be a single value")
            return nil
        }
        return scalar.string
    }

    private mutating func list(_ node: Node, what: String) -> [String]? {
        if case .scalar = node, node.tag.rawValue == Tag.Name.null.rawValue { return [] }
        guard let sequence = node.sequence else {
            fail(at: node, "\(what) must be a list")
            return nil
        }
        return sequence.compactMap { scalarText($0, what: "items of \(what)") }
    }

    private mutating func strings(_ node: Node, what: String) -> [String: String] {
        var result: [String: String] = [:]
        for (key, _, value) in mapping(node, what: what) ?? [] {
            result[key] = scalarText(value, what: "\(what) \(key)")
        }
        return result
    }

    private mutating func unknown(_ key: String, at node: Node, allowed: [String], in what: String) {
        var message = "unknown key '\(key)' in \(what)"
        if let guess = KeySuggestion.closest(to: key, among: allowed) { message += " (did you mean '\(guess)'?)" }
        fail(at: node, message)
    }

    private mutating func fail(at node: Node, _ message: String) {
        let location = SourceLocation(file: file, line: node.mark?.line ?? 0, column: node.mark?.column)
        problems.append(.error("facts-file", host: host, at: location, message))
    }

    /// Position and problem only: Yams's own description quotes the line, which could be a secret.
    static func yamlProblem(_ error: Error, file: String, host: String) -> Diagnostic {
        guard let yamlError = error as? YamlError else {
            return .error("facts-file", host: host, at: SourceLocation(file: file), "invalid YAML")
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let what = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            return .error("facts-file", host: host, at: SourceLocation(file: file, line: mark.line, column: mark.column), "invalid YAML: \(what)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .error("facts-file", host: host, at: SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                          "invalid YAML: key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) is written twice")
        default:
            return .error("facts-file", host: host, at: SourceLocation(file: file), "invalid YAML")
        }
    }
}
