/// Reads the K3s flags from a systemd unit's `ExecStart=` (install.sh layout or hand-written).
enum SystemdUnitReader {
    /// A `Key=value` directive and the physical lines its value spans.
    struct Directive {
        var key: String
        var section: String?
        var firstLine: Int
        /// Value text per physical line (offset ranges), continuation backslashes excluded.
        var parts: [Range<Int>]
        var lines: [Int]
    }

    static func read(path: String, text: String, host: String?) -> FlagScript {
        let buffer = TextBuffer(text)
        var script = FlagScript(path: path, dialect: .systemd, buffer: buffer)
        let directives = self.directives(in: buffer, script: &script, host: host)
        script.environmentFiles = directives.filter { $0.key == "EnvironmentFile" }.compactMap { directive in
            let value = TextBuffer.trimmed(directive.parts.map { buffer.slice($0) }.joined(separator: " "))
            let path = value.hasPrefix("-") ? String(value.dropFirst()) : value
            return path.isEmpty ? nil : path
        }
        script.environment = environment(in: directives.filter { $0.section == nil || $0.section == "Service" }, buffer: buffer, path: path)
        let execStarts = directives.filter { $0.key == "ExecStart" && ($0.section == nil || $0.section == "Service") }
        script.execStartCount = execStarts.count
        script.resetsExecStart = execStarts.contains { directive in
            directive.parts.allSatisfy { TextBuffer.trimmed(buffer.slice($0)).isEmpty }
        }
        guard let exec = execStarts.last else {
            script.diagnostics.append(.warning("no-execstart", host: host, at: SourceLocation(file: path),
                                               "no ExecStart= in [Service]: no K3s flags read from this unit"))
            return script
        }
        let at = SourceLocation(file: path, line: exec.firstLine + 1)
        var chars: [SourceChar] = []
        for (index, part) in exec.parts.enumerated() {
            if index > 0 { chars.append(SourceChar(scalar: " ", offset: exec.parts[index - 1].upperBound)) }
            chars += part.map { SourceChar(scalar: buffer.scalars[$0], offset: $0) }
        }
        chars = collapsingPercentSpecifiers(chars)
        script.commandLines = exec.lines
        var words = ShellWordSplitter.split(chars, dialect: .systemd, buffer: buffer)
        guard !words.isEmpty else {
            script.diagnostics.append(.warning("empty-execstart", host: host, at: at,
                                               "ExecStart= is empty: no K3s flags read from this unit"))
            return script
        }
        let binary = String(words.removeFirst().text.drop { "-@:+!".contains($0) })
        guard binary == "k3s" || binary.hasSuffix("/k3s") else {
            script.diagnostics.append(.warning("unrecognized-execstart", host: host, at: at,
                                               "ExecStart= does not run k3s directly (\(binary)): its flags are not read"))
            return script
        }
        if let first = words.first, first.text == "server" || first.text == "agent" {
            script.subcommand = first.text
            words.removeFirst()
        }
        let (flags, others) = CommandLineFlag.parse(words)
        script.flags = flags
        reportVariables(flags: flags, others: others, script: &script, host: host)
        return script
    }

    /// `Environment="A=1 2" B=3` assignments in order; an empty `Environment=` resets the list.
    static func environment(in directives: [Directive], buffer: TextBuffer, path: String) -> [EnvironmentAssignment] {
        var result: [EnvironmentAssignment] = []
        for directive in directives where directive.key == "Environment" {
            let chars = self.chars(of: directive, buffer: buffer)
            let words = ShellWordSplitter.split(chars, dialect: .systemd, buffer: buffer)
            if words.isEmpty { result.removeAll() }
            for word in words {
                guard let eq = word.text.firstIndex(of: "="), EnvironmentFileReader.isName(String(word.text[..<eq])) else { continue }
                result.append(EnvironmentAssignment(name: String(word.text[..<eq]), value: String(word.text[word.text.index(after: eq)...]),
                                                    line: word.line, isSecretSet: false, file: path))
            }
        }
        return result
    }

    /// A directive's value as one line of characters (continuations become a space).
    static func chars(of directive: Directive, buffer: TextBuffer) -> [SourceChar] {
        var chars: [SourceChar] = []
        for (index, part) in directive.parts.enumerated() {
            if index > 0 { chars.append(SourceChar(scalar: " ", offset: directive.parts[index - 1].upperBound)) }
            chars += part.map { SourceChar(scalar: buffer.scalars[$0], offset: $0) }
        }
        return collapsingPercentSpecifiers(chars)
    }

    /// systemd resolves `%%` to `%` before splitting words; other specifiers (`%N`) stay as written.
    static func collapsingPercentSpecifiers(_ chars: [SourceChar]) -> [SourceChar] {
        var result: [SourceChar] = []
        var index = 0
        while index < chars.count {
            if chars[index].scalar == "%", index + 1 < chars.count, chars[index + 1].scalar == "%" {
                result.append(SourceChar(scalar: "%", offset: chars[index].offset, lastOffset: chars[index + 1].offset))
                index += 2
            } else {
                result.append(chars[index])
                index += 1
            }
        }
        return result
    }

    static func reportVariables(flags: [CommandLineFlag], others: [ScriptWord], script: inout FlagScript, host: String?) {
        for flag in flags where flag.hasVariable {
            let shown = K3sFlagCatalog.isSecret(flag.key) ? "" : " (\(flag.value))"
            script.diagnostics.append(.warning("unit-variable", host: host,
                                               at: SourceLocation(file: script.path, line: flag.line + 1),
                                               "--\(flag.key) is written with a variable\(shown) whose value comes from \(script.environmentDescription); k3smigrate can read but not edit it"))
        }
        for word in others where word.hasVariable {
            script.diagnostics.append(.warning("unit-variable", host: host,
                                               at: SourceLocation(file: script.path, line: word.line + 1),
                                               "the command line includes \(word.text) from \(script.environmentDescription): flags it holds are not seen"))
        }
    }

    /// Every directive, with continuation lines joined. A line ending in `\` continues on the
    /// next one; a blank or comment line ends it. systemd would also join a following
    /// `Key=value` line into the command, which is reported, not followed.
    static func directives(in buffer: TextBuffer, script: inout FlagScript, host: String?) -> [Directive] {
        var result: [Directive] = []
        var section: String?
        var line = 0
        let s = buffer.scalars
        while line < buffer.lineCount {
            let start = buffer.firstNonBlank(line)
            let end = buffer.contentEnd(line)
            guard start < end, s[start] != "#", s[start] != ";" else { line += 1; continue }
            if s[start] == "[" {
                var close = start + 1
                while close < end, s[close] != "]" { close += 1 }
                section = buffer.slice((start + 1)..<close)
                line += 1
                continue
            }
            var eq = start
            while eq < end, s[eq] != "=" { eq += 1 }
            guard eq < end else { line += 1; continue }
            let key = TextBuffer.trimmed(buffer.slice(start..<eq))
            var valueStart = eq + 1
            while valueStart < end, s[valueStart] == " " || s[valueStart] == "\t" { valueStart += 1 }
            var directive = Directive(key: key, section: section, firstLine: line, parts: [], lines: [])
            var partStart = valueStart
            while true {
                let partEnd = buffer.contentEnd(line)
                let continues = partEnd > partStart && s[partEnd - 1] == "\\"
                directive.parts.append(partStart..<(continues ? partEnd - 1 : partEnd))
                directive.lines.append(line)
                line += 1
                guard continues, line < buffer.lineCount else { break }
                if buffer.isBlankOrComment(line) { break }
                if looksLikeDirective(buffer, line) {
                    script.diagnostics.append(.warning("unit-dangling-continuation", host: host,
                                                       at: SourceLocation(file: script.path, line: line),
                                                       "line \(line) ends with \\ so systemd joins line \(line + 1) (\(TextBuffer.trimmed(buffer.contentString(line)))) to \(key)= as more arguments instead of reading it as a setting"))
                    break
                }
                partStart = buffer.lineStarts[line]
            }
            result.append(directive)
        }
        return result
    }

    /// `Name=...` at the very start of the line.
    private static func looksLikeDirective(_ buffer: TextBuffer, _ line: Int) -> Bool {
        var offset = buffer.lineStarts[line]
        let end = buffer.contentEnd(line)
        guard offset < end, buffer.scalars[offset].properties.isAlphabetic else { return false }
        while offset < end, buffer.scalars[offset].properties.isAlphabetic || ("0"..."9").contains(buffer.scalars[offset]) { offset += 1 }
        return offset < end && buffer.scalars[offset] == "="
    }
}
