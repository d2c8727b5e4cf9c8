import Yams

/// Walks inventory YAML and records every problem with file, line and host instead of stopping at
/// the first. Never puts a value into a message unless the caller does so on purpose.
struct InventoryNodeReader {
    struct Entry {
        var key: String
        var keyNode: Node
        var value: Node
    }

    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }

    func location(of node: Node?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: file) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    func line(of node: Node?) -> Int { node?.mark?.line ?? 0 }

    mutating func error(_ rule: String, host: String? = nil, at node: Node?, _ message: String) {
        diagnostics.append(.error(rule, host: host, at: location(of: node), message))
    }

    mutating func warning(_ rule: String, host: String? = nil, at node: Node?, _ message: String) {
        diagnostics.append(.warning(rule, host: host, at: location(of: node), message))
    }

    mutating func append(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    /// Reads the tag as written (or as Yams already resolved it) instead of `node.tag`, which runs
    /// the resolver's regular expressions on every call: ten times slower on large inventories.
    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        let tag = scalar.tag.rawValue
        if tag == Tag.Name.null.rawValue { return true }
        return tag.isEmpty && scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// A custom tag such as Ansible's `!vault`: the value is opaque (and usually secret).
    static func hasCustomTag(_ node: Node) -> Bool {
        let tag: String
        switch node {
        case .scalar(let scalar): tag = scalar.tag.rawValue
        case .mapping(let mapping): tag = mapping.tag.rawValue
        case .sequence(let sequence): tag = sequence.tag.rawValue
        case .alias: return false
        }
        return tag.hasPrefix("!") && tag != "!"
    }

    static func kind(_ node: Node) -> String {
        switch node {
        case .scalar: return "a single value"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .alias: return "an alias"
        }
    }

    /// The entries of a mapping, with YAML merge keys (`<<: *defaults`) expanded; keys written in
    /// the mapping itself win over merged ones. nil, with an error, when `node` is no mapping.
    mutating func entries(_ node: Node, what: String, host: String? = nil) -> [Entry]? {
        guard let mapping = node.mapping else {
            error("inventory-type", host: host, at: node, "\(what) must be a mapping (key: value), not \(Self.kind(node))")
            return nil
        }
        var own: [Entry] = []
        var merged: [Entry] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                error("inventory-type", host: host, at: keyNode, "keys of \(what) must be plain names, not \(Self.kind(keyNode))")
                continue
            }
            if key == "<<", keyNode.scalar?.style == .plain {
                let sources = value.sequence.map(Array.init) ?? [value]
                for source in sources {
                    merged += entries(source, what: "a merged mapping in \(what)", host: host) ?? []
                }
                continue
            }
            own.append(Entry(key: key, keyNode: keyNode, value: value))
        }
        let ownKeys = Set(own.map(\.key))
        var seen: Set<String> = []
        let inherited = merged.filter { !ownKeys.contains($0.key) && seen.insert($0.key).inserted }
        return own + inherited
    }

    /// Entries of a mapping that may be empty (`key:` with nothing after it).
    mutating func optionalEntries(_ node: Node, what: String, host: String? = nil) -> [Entry] {
        if Self.isNull(node) { return [] }
        return entries(node, what: what, host: host) ?? []
    }

    /// Items of a list that may be empty (`key:` with nothing after it).
    mutating func optionalItems(_ node: Node, what: String, host: String? = nil) -> [Node] {
        if Self.isNull(node) { return [] }
        guard let sequence = node.sequence else {
            error("inventory-type", host: host, at: node, "\(what) must be a list, not \(Self.kind(node))")
            return []
        }
        return Array(sequence)
    }

    /// Text of a scalar that must be present and non-empty.
    mutating func requiredText(_ node: Node, what: String, host: String? = nil) -> String? {
        guard let scalar = node.scalar else {
            error("inventory-type", host: host, at: node, "\(what) must be a single value, not \(Self.kind(node))")
            return nil
        }
        if Self.isNull(node) || scalar.string.isEmpty {
            error("inventory-missing-key", host: host, at: node, "\(what) has no value")
            return nil
        }
        return scalar.string
    }

    /// Text of a scalar; nil (without error) when null, nil with an error when not a scalar.
    mutating func optionalText(_ node: Node, what: String, host: String? = nil) -> String? {
        if Self.isNull(node) { return nil }
        guard let scalar = node.scalar else {
            error("inventory-type", host: host, at: node, "\(what) must be a single value, not \(Self.kind(node))")
            return nil
        }
        return scalar.string
    }

    /// Reports keys outside `allowed`, suggesting the closest allowed one.
    mutating func rejectUnknownKeys(_ entries: [Entry], allowed: [String], in what: String, host: String? = nil) {
        for entry in entries where !allowed.contains(entry.key) {
            var message = "unknown key '\(entry.key)' in \(what)"
            if let guess = KeySuggestion.closest(to: entry.key, among: allowed) {
                message += " (did you mean '\(guess)'?)"
            } else {
                message += " (known keys: \(allowed.joined(separator: ", ")))"
            }
            error("inventory-unknown-key", host: host, at: entry.keyNode, message)
        }
    }

    /// The entry written for `key`, if any.
    static func value(_ key: String, in entries: [Entry]) -> Entry? {
        entries.first { $0.key == key }
    }
}
