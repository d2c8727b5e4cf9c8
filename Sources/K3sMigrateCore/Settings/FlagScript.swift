/// The K3s flags written in a service definition: a systemd unit's ExecStart or an OpenRC
/// script's `command_args`, located word by word so that one value can be edited in place.
struct FlagScript: Sendable, Hashable {
    enum Dialect: Sendable, Hashable {
        case systemd
        case openrc
    }

    let path: String
    let dialect: Dialect
    let buffer: TextBuffer
    var flags: [CommandLineFlag] = []
    var diagnostics: [Diagnostic] = []
    /// Where variables in the command line get their values, for messages.
    var environmentFiles: [String] = []
    /// OpenRC `command_args` assembled by several assignments: read, never edited.
    var isDynamic = false
    /// 0-based lines of the command line (ExecStart and its continuation lines), in order.
    var commandLines: [Int] = []
    /// For OpenRC: the quote that encloses `command_args`' value (`"`, `'` or nil for none).
    var enclosingQuote: Unicode.Scalar?

    var origin: SettingOriginKind { dialect == .systemd ? .systemdFlag : .openrcFlag }

    /// One occurrence per key: a repeated flag is a list, located at its first appearance.
    var occurrences: [SettingValue] {
        var order: [String] = []
        var byKey: [String: [CommandLineFlag]] = [:]
        for flag in flags {
            if byKey[flag.key] == nil { order.append(flag.key) }
            byKey[flag.key, default: []].append(flag)
        }
        return order.map { key in
            let group = byKey[key]!
            return SettingValue(key: key, values: group.map(\.value), isList: group.count > 1, origin: origin,
                                location: SourceLocation(file: path, line: group[0].line + 1))
        }
    }

    func flags(for key: String) -> [CommandLineFlag] { flags.filter { $0.key == key } }

    var environmentDescription: String {
        environmentFiles.isEmpty ? "the service's environment" : environmentFiles.joined(separator: " or ")
    }
}
