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

    var key: String
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
                flags.append(CommandLineFlag(key: String(body[..<eq]), value: String(body[body.index(after: eq)...]),
                                             form: .equals, keyWord: word, valueWord: nil, dashes: dashes))
                continue
            }
            let key = String(body)
            if !K3sFlagCatalog.isBoolean(key), index < words.count,
               !words[index].text.hasPrefix("-") || words[index].text == "-", !words[index].isRedirection {
                flags.append(CommandLineFlag(key: key, value: words[index].text, form: .separate,
                                             keyWord: word, valueWord: words[index], dashes: dashes))
                index += 1
            } else {
                flags.append(CommandLineFlag(key: key, value: "true", form: .bare, keyWord: word, valueWord: nil, dashes: dashes))
            }
        }
        return (flags, others)
    }
}
