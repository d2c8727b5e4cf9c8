/// One `--key[=value]` of a K3s command line, with the words it was written as.
struct CommandLineFlag: Sendable, Hashable {
    enum Form: Sendable, Hashable {
        /// `--key=value` in one word.
        case equals
        /// `--key value` in two words.
        case separate
        /// `--key` alone: a boolean set to true.
        case bare
    }

    /// The flag's long name (`token` for `-t`).
    var key: String
    /// The name as written (`t`, `token`): edits keep the spelling.
    var writtenKey: String
    var value: String
    var form: Form
    var keyWord: ScriptWord
    var valueWord: ScriptWord?
    /// The text before the key in the written word (`--` or `-`).
    var dashes: String

    var hasVariable: Bool { keyWord.hasVariable || (valueWord?.hasVariable ?? false) }
    var line: Int { keyWord.line }
    /// The words this flag was written as, in order.
    var words: [ScriptWord] { [keyWord] + (valueWord.map { [$0] } ?? []) }

    /// Reads flags from the words after the binary and subcommand.
    static func parse(_ words: [ScriptWord]) -> (flags: [CommandLineFlag], others: [ScriptWord]) {
        var flags: [CommandLineFlag] = []
        var others: [ScriptWord] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            if word.isRedirection {
                if word.isRedirectionOperator { index += 1 }
                continue
            }
            let text = word.text
            guard text.hasPrefix("-"), text != "-", text != "--" else {
                others.append(word)
                continue
            }
            let dashes = text.hasPrefix("--") ? "--" : "-"
            let body = text.dropFirst(dashes.count)
            if let eq = body.firstIndex(of: "=") {
                let written = String(body[..<eq])
                flags.append(CommandLineFlag(key: K3sFlagCatalog.canonical(written), writtenKey: written,
                                             value: String(body[body.index(after: eq)...]),
                                             form: .equals, keyWord: word, valueWord: nil, dashes: dashes))
                continue
            }
            // Go's flag package: `-name` and `--name` are the same flag.
            let written = String(body)
            let key = K3sFlagCatalog.canonical(written)
            if !K3sFlagCatalog.isBoolean(key), index < words.count,
               !words[index].text.hasPrefix("-") || words[index].text == "-", !words[index].isRedirection {
                flags.append(CommandLineFlag(key: key, writtenKey: written, value: words[index].text, form: .separate,
                                             keyWord: word, valueWord: words[index], dashes: dashes))
                index += 1
            } else {
                flags.append(CommandLineFlag(key: key, writtenKey: written, value: "true", form: .bare, keyWord: word, valueWord: nil, dashes: dashes))
            }
        }
        return (flags, others)
    }
}
