/// Minimal-byte edits of K3s flags in a systemd unit or OpenRC script: a value changes inside
/// its word, in its quoting; added flags copy the layout of the flag before them; removed flags
/// take their line with them when they had it to themselves, keeping line continuations valid.
struct FlagScriptEditor {
    let script: FlagScript
    var host: String?

    private var buffer: TextBuffer { script.buffer }

    func set(_ key: String, to values: [String]) throws -> [Splice] {
        let flags = try editableFlags(key)
        guard let last = flags.last else { return [] }
        var splices: [Splice] = []
        for (flag, value) in zip(flags, values) {
            splices += try replaceValue(flag, with: value)
        }
        if values.count > flags.count {
            splices.append(try insert(values[flags.count...].map { $0 }, after: last))
        } else if values.count < flags.count {
            splices += removing(Array(flags[values.count...]))
        }
        return splices
    }

    func remove(_ key: String) throws -> [Splice] {
        removing(try editableFlags(key))
    }

    private func editableFlags(_ key: String) throws -> [CommandLineFlag] {
        let flags = script.flags(for: key)
        guard let first = flags.first else { return [] }
        let at = SourceLocation(file: script.path, line: first.line + 1)
        if script.isDynamic {
            throw Diagnostic.error("openrc-dynamic-args", host: host, at: at,
                                   "can't edit --\(key) in \(script.path): command_args is assembled by several assignments")
        }
        if let variable = flags.first(where: \.hasVariable) {
            throw Diagnostic.error("unit-variable", host: host, at: SourceLocation(file: script.path, line: variable.line + 1),
                                   "can't edit --\(key) in \(script.path):\(variable.line + 1): its value comes from \(script.environmentDescription); change it there")
        }
        if let split = flags.first(where: { $0.words.contains { !$0.isSingleLine } }) {
            throw Diagnostic.error("unsupported-value", host: host, at: SourceLocation(file: script.path, line: split.line + 1),
                                   "can't edit --\(key) in \(script.path):\(split.line + 1): the word spans several lines")
        }
        return flags
    }

    private func replaceValue(_ flag: CommandLineFlag, with value: String) throws -> [Splice] {
        guard flag.value != value else { return [] }
        switch flag.form {
        case .separate:
            let word = flag.valueWord!
            return [Splice(word.range, try render(value, like: word.quoting))]
        case .equals, .bare:
            if flag.form == .bare, value == "true" { return [] }
            return [Splice(flag.keyWord.range, try render(flag.dashes + flag.writtenKey + "=" + value, like: flag.keyWord.quoting))]
        }
    }

    /// New flags after `anchor`: on lines of their own when the anchor has its own line
    /// (install.sh layout), else on the anchor's line.
    private func insert(_ values: [String], after anchor: CommandLineFlag) throws -> Splice {
        let lastWord = anchor.valueWord ?? anchor.keyWord
        let line = lastWord.line
        let lineStart = buffer.lineStarts[anchor.keyWord.line]
        let before = buffer.slice(lineStart..<anchor.keyWord.range.lowerBound)
        let rest = buffer.slice(lastWord.range.upperBound..<buffer.contentEnd(line))
        let restTrimmed = TextBuffer.trimmed(rest)
        let ownLine = script.dialect == .systemd && TextBuffer.trimmed(before).isEmpty
            && (restTrimmed.isEmpty || restTrimmed == "\\") && anchor.keyWord.line != script.commandLines.first
        if ownLine {
            let words = try values.map { try render(anchor.dashes + anchor.writtenKey + "=" + $0, like: anchor.keyWord.quoting) }
            if restTrimmed == "\\" {
                let ending = buffer.ending(line).isEmpty ? buffer.preferredEnding : buffer.ending(line)
                let text = words.map { before + $0 + rest + ending }.joined()
                if buffer.ending(line).isEmpty {
                    return .insert(at: buffer.contentEnd(line), words.map { ending + before + $0 + rest }.joined())
                }
                return .insert(at: buffer.lineEnd(line), text)
            }
            let ending = buffer.ending(line).isEmpty ? buffer.preferredEnding : buffer.ending(line)
            return .insert(at: lastWord.range.upperBound, words.map { " \\" + ending + before + $0 }.joined())
        }
        var text = ""
        for value in values {
            if anchor.form == .separate, let valueWord = anchor.valueWord {
                text += " " + (try render(anchor.dashes + anchor.writtenKey, like: anchor.keyWord.quoting))
                    + " " + (try render(value, like: valueWord.quoting))
            } else {
                text += " " + (try render(anchor.dashes + anchor.writtenKey + "=" + value, like: anchor.keyWord.quoting))
            }
        }
        return .insert(at: lastWord.range.upperBound, text)
    }

    /// Removes flags' words; lines left holding nothing but a continuation go entirely.
    private func removing(_ flags: [CommandLineFlag]) -> [Splice] {
        let words = flags.flatMap(\.words)
        var wholeLines: Set<Int> = []
        var partial: [ScriptWord] = []
        for line in Set(words.map(\.line)).sorted() {
            let onLine = words.filter { $0.line == line }
            var content = Array(buffer.content(line))
            let lineStart = buffer.lineStarts[line]
            for word in onLine {
                for offset in word.range { content[offset - lineStart] = " " }
            }
            let left = TextBuffer.trimmed(TextBuffer.string(content))
            if (left.isEmpty || left == "\\"), line != script.commandLines.first {
                wholeLines.insert(line)
            } else {
                partial += onLine
            }
        }
        var splices = buffer.deletingLines(wholeLines)
        for word in partial {
            let lineStart = buffer.lineStarts[word.line]
            var start = word.range.lowerBound
            var end = word.range.upperBound
            while start > lineStart, buffer.scalars[start - 1] == " " || buffer.scalars[start - 1] == "\t" { start -= 1 }
            if start == word.range.lowerBound {
                while end < buffer.contentEnd(word.line), buffer.scalars[end] == " " || buffer.scalars[end] == "\t" { end += 1 }
            }
            splices.append(Splice(start..<end, ""))
        }
        // A deleted last line of the command leaves the line before it continuing into
        // whatever follows: drop that line's backslash.
        if let lastCommand = script.commandLines.last, wholeLines.contains(lastCommand),
           !endsWithContinuation(lastCommand),
           let previous = script.commandLines.last(where: { !wholeLines.contains($0) }),
           endsWithContinuation(previous) {
            var start = buffer.contentEnd(previous)
            while start > buffer.lineStarts[previous], buffer.scalars[start - 1] == " " || buffer.scalars[start - 1] == "\t" { start -= 1 }
            start -= 1 // the backslash
            while start > buffer.lineStarts[previous], buffer.scalars[start - 1] == " " || buffer.scalars[start - 1] == "\t" { start -= 1 }
            splices.append(Splice(start..<buffer.contentEnd(previous), ""))
        }
        return splices
    }

    private func endsWithContinuation(_ line: Int) -> Bool {
        TextBuffer.trimmed(buffer.contentString(line)).hasSuffix("\\")
    }

    // MARK: - Quoting

    /// `text` as one word, quoted like the word it replaces when that is safe.
    private func render(_ text: String, like quoting: WordQuoting) throws -> String {
        switch script.dialect {
        case .systemd:
            let escaped = text.unicodeScalars.map { c -> String in c == "%" ? "%%" : c == "$" ? "$$" : String(c) }.joined()
            switch quoting {
            case .single: return singleQuoted(escaped)
            case .double: return doubleQuoted(escaped)
            case .none, .mixed: return isShellSafe(escaped) ? escaped : singleQuoted(escaped)
            }
        case .openrc:
            let word: String
            switch quoting {
            case .single: word = singleQuoted(text)
            case .double: word = doubleQuoted(text)
            case .none, .mixed: word = isShellSafe(text) ? text : singleQuoted(text)
            }
            return try enclose(word)
        }
    }

    /// Escapes an OpenRC word for the quotes around `command_args`' value.
    private func enclose(_ word: String) throws -> String {
        switch script.enclosingQuote {
        case "\"":
            return word.unicodeScalars.map { "\\\"$`".unicodeScalars.contains($0) ? "\\" + String($0) : String($0) }.joined()
        case "'":
            guard !word.contains("'") else { throw unquotable(word) }
            return word
        default:
            guard isShellSafe(word) else { throw unquotable(word) }
            return word
        }
    }

    private func unquotable(_ word: String) -> Diagnostic {
        .error("unsupported-value", host: host, at: SourceLocation(file: script.path),
               "can't write this value into command_args of \(script.path) safely")
    }

    /// systemd unescapes backslashes inside single quotes as well, so there `\` is doubled.
    private func singleQuoted(_ text: String) -> String {
        let body = script.dialect == .systemd ? text.unicodeScalars.map { $0 == "\\" ? "\\\\" : String($0) }.joined() : text
        return "'" + body.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    /// systemd unescapes `\\` and `\"` inside double quotes; sh also `\$` and `` \` ``.
    private func doubleQuoted(_ text: String) -> String {
        let special = script.dialect == .systemd ? "\\\"" : "\\\"$`"
        return "\"" + text.unicodeScalars.map { special.unicodeScalars.contains($0) ? "\\" + String($0) : String($0) }.joined() + "\""
    }

    private func isShellSafe(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_./:,=+@%".unicodeScalars.contains($0)
        }
    }
}
