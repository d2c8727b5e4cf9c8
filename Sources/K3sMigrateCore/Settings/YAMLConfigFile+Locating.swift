import Yams

/// Where the nodes Yams reports sit in the text: Yams gives a node's start (line and column in
/// scalars); the end of a scalar or flow list is found here by scanning its quoting.
extension YAMLConfigFile {
    /// Start offset of a node at `mark`, past any tag or anchor written before it.
    func start(of mark: Mark, lines: ClosedRange<Int>) -> (offset: Int, end: Int)? {
        let line = mark.line - 1
        guard lines.contains(line), line < buffer.lineCount else { return nil }
        let end = buffer.contentEnd(line)
        var offset = buffer.offset(line: line, column: mark.column - 1) + Self.byteOrderMarkShift(buffer, line: line)
        let s = buffer.scalars
        while offset < end, s[offset] == "!" || s[offset] == "&" {
            while offset < end, s[offset] != " ", s[offset] != "\t" { offset += 1 }
            while offset < end, s[offset] == " " || s[offset] == "\t" { offset += 1 }
        }
        guard offset <= end else { return nil }
        return (offset, end)
    }

    /// The first character of the node at `mark`, past tags and anchors.
    func firstCharacter(at mark: Mark?) -> Unicode.Scalar? {
        guard let mark, let (offset, end) = start(of: mark, lines: 0...max(0, buffer.lineCount - 1)), offset < end else { return nil }
        return buffer.scalars[offset]
    }

    func locate(_ scalar: Node.Scalar, lines: ClosedRange<Int>, flow: Bool) -> Range<Int>? {
        guard let mark = scalar.mark, let (start, end) = start(of: mark, lines: lines) else { return nil }
        let s = buffer.scalars
        switch scalar.style {
        case .plain, .any:
            var j = start
            while j < end {
                let c = s[j]
                if c == "#", j > start, s[j - 1] == " " || s[j - 1] == "\t" { break }
                if flow, ",[]{}".unicodeScalars.contains(c) { break }
                if c == ":", j + 1 == end || s[j + 1] == " " || s[j + 1] == "\t" || (flow && ",[]{}".unicodeScalars.contains(s[j + 1])) { break }
                j += 1
            }
            while j > start, s[j - 1] == " " || s[j - 1] == "\t" { j -= 1 }
            return buffer.slice(start..<j) == scalar.string ? start..<j : nil
        case .singleQuoted:
            guard start < end, s[start] == "'" else { return nil }
            var j = start + 1
            while j < end {
                if s[j] == "'" {
                    if j + 1 < end, s[j + 1] == "'" { j += 2; continue }
                    return start..<(j + 1)
                }
                j += 1
            }
            return nil
        case .doubleQuoted:
            guard start < end, s[start] == "\"" else { return nil }
            var j = start + 1
            while j < end {
                if s[j] == "\\" { j += 2; continue }
                if s[j] == "\"" { return start..<(j + 1) }
                j += 1
            }
            return nil
        case .literal, .folded:
            return nil
        }
    }

    /// `[` ... matching `]` on the same line.
    func locateFlow(_ mark: Mark, lines: ClosedRange<Int>) -> Range<Int>? {
        guard let (start, end) = start(of: mark, lines: lines), start < end, buffer.scalars[start] == "[" else { return nil }
        let s = buffer.scalars
        var depth = 0
        var j = start
        var quote: Unicode.Scalar?
        while j < end {
            let c = s[j]
            if let q = quote {
                if q == "\"", c == "\\" { j += 2; continue }
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "[" || c == "{" {
                depth += 1
            } else if c == "]" || c == "}" {
                depth -= 1
                if depth == 0 { return start..<(j + 1) }
            }
            j += 1
        }
        return nil
    }

    func afterColon(_ key: Node.Scalar, mark: Mark, length: Int) -> Int? {
        guard let (start, end) = start(of: mark, lines: (mark.line - 1)...(mark.line - 1)) else { return nil }
        let s = buffer.scalars
        var j: Int
        switch key.style {
        case .plain, .any:
            j = start + length
        case .singleQuoted, .doubleQuoted:
            guard let span = locate(key, lines: (mark.line - 1)...(mark.line - 1), flow: false) else { return nil }
            j = span.upperBound
        case .literal, .folded:
            return nil
        }
        while j < end, s[j] == " " || s[j] == "\t" { j += 1 }
        guard j < end, s[j] == ":" else { return nil }
        return j + 1
    }

    /// libyaml skips a leading byte order mark without counting it as a column.
    static func byteOrderMarkShift(_ buffer: TextBuffer, line: Int) -> Int {
        line == 0 && buffer.scalars.first == "\u{FEFF}" ? 1 : 0
    }

    /// Column of the `-` in front of a block list item.
    func dashColumn(of item: YAMLScalarItem) -> Int? {
        guard let span = item.span else { return nil }
        let lineStart = buffer.lineStarts[item.line]
        var j = span.lowerBound - 1
        while j >= lineStart, buffer.scalars[j] == " " || buffer.scalars[j] == "\t" { j -= 1 }
        guard j >= lineStart, buffer.scalars[j] == "-" else { return nil }
        return j - lineStart
    }
}
