/// Reads the K3s flags from an OpenRC script's `command_args="..."`. OpenRC evaluates the value
/// again when it starts the service, so it is unquoted twice: once as the assignment, once as
/// the command line (where `>>log 2>&1` are redirections, not flags).
enum OpenRCScriptReader {
    struct Assignment {
        var line: Int
        var chars: [SourceChar]
        var quote: Unicode.Scalar?
    }

    static func read(path: String, text: String, serviceName: String, host: String?) -> FlagScript {
        let buffer = TextBuffer(text)
        var script = FlagScript(path: path, dialect: .openrc, buffer: buffer)
        script.environmentFiles = sourcedFiles(in: buffer, serviceName: serviceName)
        let assignments = self.assignments(in: buffer)
        guard !assignments.isEmpty else {
            script.diagnostics.append(.warning("no-command-args", host: host, at: SourceLocation(file: path),
                                               "no command_args= in this OpenRC script: no K3s flags read from it"))
            return script
        }
        var words: [ScriptWord] = []
        for assignment in assignments {
            words += ShellWordSplitter.split(assignment.chars, dialect: .shell, buffer: buffer)
        }
        let selfReferences = words.filter { $0.text.contains("command_args}") || $0.text == "$command_args" }
        if assignments.count > 1 || !selfReferences.isEmpty {
            script.isDynamic = true
            let lines = assignments.map { String($0.line + 1) }.joined(separator: ", ")
            script.diagnostics.append(.warning("openrc-dynamic-args", host: host,
                                               at: SourceLocation(file: path, line: assignments[0].line + 1),
                                               "command_args is assembled by several assignments (lines \(lines)), some conditional: only literal flags are read and k3smigrate will not edit them"))
            words.removeAll { selfReferences.contains($0) }
        }
        script.commandLines = assignments.flatMap { assignment in
            Set(assignment.chars.map { buffer.line(containing: $0.offset) }).sorted()
        }
        script.enclosingQuote = assignments.last?.quote
        if let first = words.first, first.text == "server" || first.text == "agent" {
            script.subcommand = first.text
            words.removeFirst()
        }
        let (flags, others) = CommandLineFlag.parse(words)
        script.flags = flags
        SystemdUnitReader.reportVariables(flags: flags, others: others, script: &script, host: host)
        return script
    }

    /// `command_args=...` at the start of a line (outside functions too), value unquoted once.
    static func assignments(in buffer: TextBuffer) -> [Assignment] {
        var result: [Assignment] = []
        let name = Array("command_args=".unicodeScalars)
        var line = 0
        while line < buffer.lineCount {
            let content = buffer.content(line)
            let indent = content.prefix { $0 == " " || $0 == "\t" }.count
            guard content.count >= indent + name.count, Array(content[indent..<(indent + name.count)]) == name else {
                line += 1
                continue
            }
            let start = buffer.lineStarts[line] + indent + name.count
            let (chars, quote, end) = unquoteAssignment(buffer, from: start)
            result.append(Assignment(line: line, chars: chars, quote: quote))
            line = max(line + 1, buffer.line(containing: max(start, end - 1)) + 1)
        }
        return result
    }

    /// The assigned word: `"..."` (may span lines), `'...'`, or bare up to a blank or `;`.
    private static func unquoteAssignment(_ buffer: TextBuffer, from start: Int) -> ([SourceChar], Unicode.Scalar?, Int) {
        let s = buffer.scalars
        var chars: [SourceChar] = []
        var index = start
        var firstQuote: Unicode.Scalar?
        while index < s.count {
            let c = s[index]
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == ";" { break }
            if c == "\"" || c == "'" {
                if firstQuote == nil { firstQuote = c }
                index += 1
                while index < s.count, s[index] != c {
                    if c == "\"", s[index] == "\\", index + 1 < s.count {
                        let next = s[index + 1]
                        if next == "\n" { index += 2; continue }
                        if next == "\r", index + 2 < s.count, s[index + 2] == "\n" { index += 3; continue }
                        if "$`\"\\".unicodeScalars.contains(next) {
                            chars.append(SourceChar(scalar: next, offset: index + 1))
                            index += 2
                            continue
                        }
                    }
                    chars.append(SourceChar(scalar: s[index], offset: index))
                    index += 1
                }
                index += 1
                continue
            }
            if c == "\\", index + 1 < s.count {
                if s[index + 1] != "\n" { chars.append(SourceChar(scalar: s[index + 1], offset: index + 1)) }
                index += 2
                continue
            }
            chars.append(SourceChar(scalar: c, offset: index))
            index += 1
        }
        return (chars, firstQuote, index)
    }

    /// Files the script sources (`. /etc/rancher/k3s/k3s.env`), else OpenRC's conf.d file.
    private static func sourcedFiles(in buffer: TextBuffer, serviceName: String) -> [String] {
        var files: [String] = []
        for line in 0..<buffer.lineCount {
            let words = buffer.contentString(line).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ";" })
            for (index, word) in words.enumerated() where (word == "." || word == "source") && index + 1 < words.count {
                let path = String(words[index + 1])
                if path.hasPrefix("/"), path != "/etc/environment", !files.contains(path) { files.append(path) }
            }
        }
        return files.isEmpty ? ["/etc/conf.d/\(serviceName)", "/etc/rancher/k3s/k3s.env"] : files
    }
}
