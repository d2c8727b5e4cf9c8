/// Splits a command line into words, honouring single quotes, double quotes and backslashes the
/// way systemd's ExecStart= and POSIX sh (OpenRC evaluates `command_args`) do for K3s flags.
enum ShellWordSplitter {
    enum Dialect: Sendable { case systemd, shell }

    static func split(_ chars: [SourceChar], dialect: Dialect, buffer: TextBuffer) -> [ScriptWord] {
        var words: [ScriptWord] = []
        var builder = WordBuilder()
        var index = 0
        func flush() {
            if let word = builder.finish(buffer: buffer) { words.append(word) }
            builder = WordBuilder()
        }
        while index < chars.count {
            let char = chars[index]
            let c = char.scalar
            switch c {
            case " ", "\t", "\n", "\r":
                flush()
                index += 1
            case "'":
                builder.begin(.single, at: char.offset)
                index += 1
                while index < chars.count, chars[index].scalar != "'" {
                    // systemd unescapes inside single quotes too (extract_first_word, CUNESCAPE).
                    if dialect == .systemd, chars[index].scalar == "\\", index + 1 < chars.count {
                        builder.touch(chars[index].offset)
                        let (scalars, used) = systemdEscape(chars, at: index)
                        for scalar in scalars { builder.append(scalar, at: chars[index + used - 1].offset, escaped: true) }
                        index += used
                        continue
                    }
                    builder.append(chars[index].scalar, at: chars[index].offset)
                    builder.touch(chars[index].lastOffset)
                    index += 1
                }
                if index < chars.count { builder.touch(chars[index].offset); index += 1 }
            case "\"":
                builder.begin(.double, at: char.offset)
                index += 1
                while index < chars.count, chars[index].scalar != "\"" {
                    var inner = chars[index]
                    if inner.scalar == "\\", index + 1 < chars.count {
                        let next = chars[index + 1].scalar
                        if dialect == .systemd {
                            builder.touch(inner.offset)
                            let (scalars, used) = systemdEscape(chars, at: index)
                            for scalar in scalars { builder.append(scalar, at: chars[index + used - 1].offset, escaped: true) }
                            index += used
                            continue
                        }
                        if "$`\"\\\n".unicodeScalars.contains(next) {
                            builder.touch(inner.offset)
                            index += 1
                            inner = chars[index]
                            inner.scalar = next
                            builder.append(inner.scalar, at: inner.offset, escaped: true)
                            index += 1
                            continue
                        }
                    }
                    if inner.scalar == "$" { builder.noteDollar(next: index + 1 < chars.count ? chars[index + 1].scalar : nil, dialect: dialect) }
                    builder.append(inner.scalar, at: inner.offset)
                    builder.touch(inner.lastOffset)
                    index += 1
                }
                if index < chars.count { builder.touch(chars[index].offset); index += 1 }
            case "\\":
                builder.begin(.none, at: char.offset)
                if index + 1 < chars.count {
                    if dialect == .systemd {
                        let (scalars, used) = systemdEscape(chars, at: index)
                        for scalar in scalars { builder.append(scalar, at: chars[index + used - 1].offset, escaped: true) }
                        index += used
                        continue
                    }
                    let next = chars[index + 1]
                    builder.append(next.scalar, at: next.offset, escaped: true)
                    index += 2
                } else {
                    index += 1
                }
            default:
                let atWordStart = builder.isEmptyUnquoted
                builder.begin(.none, at: char.offset)
                if c == "$" {
                    let next = index + 1 < chars.count ? chars[index + 1].scalar : nil
                    if dialect == .systemd, next == "$" {
                        builder.append("$", at: chars[index + 1].offset)
                        index += 2
                        continue
                    }
                    builder.noteDollar(next: next, dialect: dialect)
                }
                if dialect == .shell, atWordStart, c == ">" || c == "<" || (c.properties.numericType != nil && index + 1 < chars.count && chars[index + 1].scalar == ">") {
                    builder.isRedirection = true
                }
                builder.append(c, at: char.offset)
                builder.touch(char.lastOffset)
                index += 1
            }
        }
        flush()
        return words
    }

    /// systemd's C escape at `chars[index]` (a backslash), as cunescape_one reads it with
    /// EXTRACT_CUNESCAPE_RELAX (ExecStart=): `\n \t \r \a \b \f \v \s \\ \" \'`, `\xNN`,
    /// `\NNN` (octal), `\uNNNN`, `\UNNNNNNNN`; an unknown escape keeps its backslash
    /// (install.sh's `\=` reaches K3s as `\=`). Returns the scalars and the characters used.
    static func systemdEscape(_ chars: [SourceChar], at index: Int) -> ([Unicode.Scalar], Int) {
        let next = chars[index + 1].scalar
        func hex(_ count: Int) -> ([Unicode.Scalar], Int)? {
            guard index + 1 + count < chars.count else { return nil }
            let digits = String(String.UnicodeScalarView(chars[(index + 2)..<(index + 2 + count)].map(\.scalar)))
            guard digits.unicodeScalars.allSatisfy({ $0.properties.isASCIIHexDigit }),
                  let value = UInt32(digits, radix: 16), value != 0, let scalar = Unicode.Scalar(value) else { return nil }
            return ([scalar], count + 2)
        }
        let simple: [Unicode.Scalar: Unicode.Scalar] = [
            "a": "\u{07}", "b": "\u{08}", "f": "\u{0C}", "n": "\n", "r": "\r", "t": "\t", "v": "\u{0B}",
            "\\": "\\", "\"": "\"", "'": "'", "s": " ",
        ]
        if let scalar = simple[next] { return ([scalar], 2) }
        switch next {
        case "x": if let found = hex(2) { return found }
        case "u": if let found = hex(4) { return found }
        case "U": if let found = hex(8) { return found }
        case "0"..."7":
            if index + 3 < chars.count {
                let digits = String(String.UnicodeScalarView(chars[(index + 1)...(index + 3)].map(\.scalar)))
                if digits.unicodeScalars.allSatisfy({ ("0"..."7").contains($0) }), let value = UInt32(digits, radix: 8),
                   value != 0, value < 256, let scalar = Unicode.Scalar(value) {
                    return ([scalar], 4)
                }
            }
        default: break
        }
        return (["\\", next], 2)
    }

    private struct WordBuilder {
        var text = String.UnicodeScalarView()
        var first: Int?
        var last = 0
        var kinds: [WordQuoting] = []
        var hasVariable = false
        var isRedirection = false
        var started = false

        var isEmptyUnquoted: Bool { !started }

        mutating func begin(_ kind: WordQuoting, at offset: Int) {
            if first == nil { first = offset }
            last = max(last, offset)
            if kinds.last != kind || kind != WordQuoting.none { kinds.append(kind) }
            started = true
        }

        mutating func touch(_ offset: Int) { last = max(last, offset) }

        mutating func append(_ c: Unicode.Scalar, at offset: Int, escaped: Bool = false) {
            if first == nil { first = offset }
            text.append(c)
            last = max(last, offset)
            if escaped, kinds.last == WordQuoting.none || kinds.isEmpty { kinds.append(.mixed) }
        }

        mutating func noteDollar(next: Unicode.Scalar?, dialect: Dialect) {
            guard let next else { return }
            if next == "{" || next == "_" || next.properties.isAlphabetic || (dialect == .shell && "(@*#?$!".unicodeScalars.contains(next)) {
                hasVariable = true
            }
        }

        func finish(buffer: TextBuffer) -> ScriptWord? {
            guard started, let first else { return nil }
            let quoting: WordQuoting
            let distinct = kinds.filter { $0 != .none }
            if kinds.count == 1 { quoting = kinds[0] } else if distinct.isEmpty { quoting = .none } else { quoting = .mixed }
            let startLine = buffer.line(containing: first)
            let text = String(self.text)
            let isOperator = isRedirection && text.allSatisfy { ">&<0123456789".contains($0) } && !text.contains("&")
            return ScriptWord(text: text, range: first..<(last + 1), line: startLine,
                              isSingleLine: buffer.line(containing: last) == startLine, quoting: quoting,
                              hasVariable: hasVariable, isRedirection: isRedirection,
                              isRedirectionOperator: isOperator)
        }
    }
}
