import Yams

/// A YAML mapping read with line numbers, collecting problems instead of throwing at the first.
struct YAMLFields {
    let file: String
    let node: Node
    private(set) var problems: [Diagnostic] = []
    private var seen: Set<String> = []
    private let rule: String

    init(_ node: Node, file: String, rule: String) {
        self.node = node
        self.file = file
        self.rule = rule
    }

    static func location(of node: Node, file: String) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(file: file) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    var location: SourceLocation { YAMLFields.location(of: node, file: file) }

    mutating func fail(_ message: String, at node: Node? = nil) {
        problems.append(.error(rule, at: YAMLFields.location(of: node ?? self.node, file: file), message))
    }

    /// The value under `key`, marking it as known.
    mutating func value(_ key: String) -> Node? {
        seen.insert(key)
        return node.mapping?[key]
    }

    mutating func string(_ key: String, required: Bool = false) -> String? {
        guard let value = value(key) else {
            if required { fail("missing required key '\(key)'") }
            return nil
        }
        guard let text = value.scalar?.string else {
            fail("'\(key)' must be a single value", at: value)
            return nil
        }
        return text
    }

    mutating func int(_ key: String) -> Int? {
        guard let value = value(key) else { return nil }
        guard let number = value.scalar.flatMap({ Int($0.string) }) else {
            fail("'\(key)' must be a whole number", at: value)
            return nil
        }
        return number
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let value = value(key) else { return nil }
        switch value.scalar?.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            fail("'\(key)' must be true or false", at: value)
            return nil
        }
    }

    /// A list of scalars; a single scalar counts as a one-item list.
    mutating func strings(_ key: String) -> [String]? {
        guard let value = value(key) else { return nil }
        if let scalar = value.scalar { return [scalar.string] }
        guard let items = value.sequence else {
            fail("'\(key)' must be a list", at: value)
            return nil
        }
        var result: [String] = []
        for item in items {
            guard let text = item.scalar?.string else {
                fail("items of '\(key)' must be single values", at: item)
                continue
            }
            result.append(text)
        }
        return result
    }

    mutating func enumValue<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) -> E? where E.RawValue == String {
        guard let text = string(key) else { return nil }
        guard let value = E(rawValue: text) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            fail("'\(key)' must be one of \(allowed), not '\(text)'", at: self.node.mapping?[key])
            return nil
        }
        return value
    }

    /// Reports keys that were never asked for, suggesting the closest known one.
    mutating func rejectUnknownKeys() {
        guard let mapping = node.mapping else { return }
        for (keyNode, _) in mapping {
            guard let key = keyNode.scalar?.string, !seen.contains(key) else { continue }
            var message = "unknown key '\(key)'"
            if let guess = closest(to: key, in: seen) { message += " (did you mean '\(guess)'?)" }
            fail(message, at: keyNode)
        }
    }

    private func closest(to word: String, in candidates: Set<String>) -> String? {
        KeySuggestion.closest(to: word, among: candidates.sorted())
    }
}
