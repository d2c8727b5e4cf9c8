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
    /// Where variables in the command line get their values (EnvironmentFile= paths, or the
    /// files an OpenRC script sources), in the order they are read.
    var environmentFiles: [String] = []
    /// `Environment=` assignments of a systemd unit, in order (later ones win).
    var environment: [EnvironmentAssignment] = []
    /// How many `ExecStart=` lines the file has, and whether one of them is the empty reset.
    var execStartCount = 0
    /// `server` or `agent` as written after the binary; nil when absent.
    var subcommand: String?
    var resetsExecStart = false
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

    /// The config file named on the command line, as K3s finds it (pkg/configfilearg
    /// `findConfigFileFlag`): the first `--config X`, `--config=X`, `-c X` or `-c=X`.
    var configFlag: CommandLineFlag? {
        flags.first { ($0.dashes == "--" && $0.writtenKey == "config") || ($0.dashes == "-" && $0.writtenKey == "c") }
    }

    var environmentDescription: String {
        environmentFiles.isEmpty ? "the service's environment" : environmentFiles.joined(separator: " or ")
    }
}
