/// How a YAML scalar is written.
enum YAMLScalarStyle: Sendable, Hashable {
    case plain, singleQuoted, doubleQuoted, block
}

/// One scalar of a config file with its exact place in the text.
struct YAMLScalarItem: Sendable, Hashable {
    var text: String
    var style: YAMLScalarStyle
    /// 0-based line of the scalar's first character.
    var line: Int
    /// Scalar offsets of the written scalar, quotes included; nil when it spans lines or could
    /// not be located (then edits rewrite the whole entry).
    var span: Range<Int>?
    /// Written with an explicit tag (`!!str 0644`): K3s takes the text as it is.
    var tagged = false
}

/// The value side of a top-level `key: value` entry.
enum YAMLEntryValue: Sendable, Hashable {
    case scalar(YAMLScalarItem)
    case sequence(items: [YAMLScalarItem], flow: Bool, flowSpan: Range<Int>?)
    /// `key:` with nothing, `~` or `null` (span of the written null, if any).
    case empty(span: Range<Int>?)
    /// Nested mappings, custom tags, non-scalar list items: read past, never edited in place.
    case unsupported(reason: String)
}

/// One top-level entry of a config file.
struct YAMLEntry: Sendable, Hashable {
    /// The key as written, `node-label+` included.
    var rawKey: String
    /// Without a trailing `+`.
    var key: String
    var appends: Bool
    /// 0-based line and column of the key.
    var keyLine: Int
    var keyColumn: Int
    /// Offset just past the `:` that ends the key; nil for keys that could not be located.
    var afterColon: Int?
    /// 0-based last line holding the entry's value (comments and blank lines after it excluded).
    var lastLine: Int
    var value: YAMLEntryValue

    var values: [String]? {
        switch value {
        case .scalar(let item): return [item.text]
        case .sequence(let items, _, _): return items.map(\.text)
        case .empty: return []
        case .unsupported: return nil
        }
    }

    /// The scalars of the value: one, the list's items, or none.
    var scalarItems: [YAMLScalarItem] {
        switch value {
        case .scalar(let item): return [item]
        case .sequence(let items, _, _): return items
        case .empty, .unsupported: return []
        }
    }

    var isList: Bool {
        if case .sequence = value { return true }
        return false
    }
}
