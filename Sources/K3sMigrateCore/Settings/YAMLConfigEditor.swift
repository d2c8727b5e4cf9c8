/// Minimal-byte edits of one K3s config file: a value is replaced where it is written, in its
/// quoting style; list items are replaced in place; only the lines that must change do.
struct YAMLConfigEditor {
    let file: YAMLConfigFile
    var host: String?

    private var buffer: TextBuffer { file.buffer }

    // MARK: - Set

    func set(_ entry: YAMLEntry, to values: [String], asList: Bool) throws -> [Splice] {
        try requireEditable(entry)
        let key = entry.key
        switch entry.value {
        case .unsupported:
            return [] // requireEditable threw
        case .scalar(let item):
            if values.count == 1 {
                guard let span = item.span else { return rewrite(entry, values, asList: false) }
                return [Splice(span, YAMLScalarWriter.render(values[0], style: item.style, key: key))]
            }
            return blockList(from: entry, removing: item.span, values, style: item.style)
        case .empty(let span):
            if values.count == 1 && !asList {
                let text = YAMLScalarWriter.render(values[0], style: .plain, key: key)
                if let span { return [Splice(span, text)] }
                guard let colon = entry.afterColon else { return rewrite(entry, values, asList: false) }
                return [.insert(at: colon, " " + text)]
            }
            return blockList(from: entry, removing: span, values, style: .plain)
        case .sequence(let items, let flow, let flowSpan):
            if flow { return setFlow(entry, items: items, flowSpan: flowSpan, values, asList: asList) }
            return setBlock(entry, items: items, values, asList: asList)
        }
    }

    private func setBlock(_ entry: YAMLEntry, items: [YAMLScalarItem], _ values: [String], asList: Bool) -> [Splice] {
        guard items.allSatisfy({ $0.span != nil }), let colon = entry.afterColon, entry.lastLine > entry.keyLine else {
            return rewrite(entry, values, asList: asList)
        }
        let key = entry.key
        if values.count == 1, items.count == 1 {
            return [Splice(items[0].span!, itemText(values[0], for: items[0], key: key))]
        }
        if values.isEmpty || (values.count == 1 && !asList) {
            let text = values.isEmpty ? "[]" : YAMLScalarWriter.render(values[0], style: items[0].style, key: key)
            return [.insert(at: colon, " " + text)] + buffer.deletingLines((entry.keyLine + 1)...entry.lastLine)
        }
        var splices: [Splice] = []
        for (item, value) in zip(items, values) where item.text != value || item.span == nil {
            splices.append(Splice(item.span!, itemText(value, for: item, key: key)))
        }
        if values.count > items.count {
            let last = items[items.count - 1]
            var prefix = buffer.slice(buffer.lineStarts[last.line]..<last.span!.lowerBound)
            if prefix.hasSuffix("-") { prefix += " " }
            let added = values[items.count...].map { prefix + YAMLScalarWriter.render($0, style: last.style, key: key) }
            splices.append(insertLines(added, after: last.line))
        } else if values.count < items.count {
            let lines = items[values.count...].map(\.line)
            guard Set(lines).count == lines.count, !lines.contains(entry.keyLine) else { return rewrite(entry, values, asList: asList) }
            splices += buffer.deletingLines(lines)
        }
        return splices
    }

    /// The value for a block-sequence item. An empty item (`- ` at the end of a line) has its span
    /// right after the dash: the value then needs its separating space, or `-z` reads as one scalar.
    private func itemText(_ value: String, for item: YAMLScalarItem, key: String) -> String {
        let text = YAMLScalarWriter.render(value, style: item.style, key: key)
        guard let span = item.span, span.isEmpty, span.lowerBound > 0,
              buffer.scalars[span.lowerBound - 1] == "-" else { return text }
        return " " + text
    }

    private func setFlow(_ entry: YAMLEntry, items: [YAMLScalarItem], flowSpan: Range<Int>?,
                         _ values: [String], asList: Bool) -> [Splice] {
        let key = entry.key
        if values.count >= items.count, !items.isEmpty, asList || values.count > 1 || items.count == 1, items.allSatisfy({ $0.span != nil }) {
            var splices = zip(items, values).filter { $0.0.text != $0.1 }.map { item, value in
                Splice(item.span!, YAMLScalarWriter.render(value, style: item.style, key: key, flow: true))
            }
            if values.count > items.count {
                let last = items[items.count - 1]
                let added = values[items.count...].map { ", " + YAMLScalarWriter.render($0, style: last.style, key: key, flow: true) }
                splices.append(.insert(at: last.span!.upperBound, added.joined()))
            }
            return splices
        }
        guard let flowSpan else { return rewrite(entry, values, asList: asList) }
        let style = items.first?.style ?? .plain
        if values.count == 1 && !asList {
            return [Splice(flowSpan, YAMLScalarWriter.render(values[0], style: style, key: key))]
        }
        let rendered = values.map { YAMLScalarWriter.render($0, style: style, key: key, flow: true) }
        return [Splice(flowSpan, "[" + rendered.joined(separator: ", ") + "]")]
    }

    /// Turns `key: value` (or `key:`) into a block list, keeping a trailing comment on the key line.
    private func blockList(from entry: YAMLEntry, removing span: Range<Int>?, _ values: [String],
                           style: YAMLScalarStyle) -> [Splice] {
        guard let colon = entry.afterColon else { return rewrite(entry, values, asList: true) }
        if values.isEmpty {
            if let span { return [Splice(span, "[]")] }
            return [.insert(at: colon, " []")]
        }
        guard entry.lastLine == entry.keyLine else { return rewrite(entry, values, asList: true) }
        var splices: [Splice] = []
        if let span { splices.append(Splice(colon..<span.upperBound, "")) }
        let indent = String(repeating: " ", count: entry.keyColumn + (file.sequenceIndent ?? 2))
        let items = values.map { indent + "- " + YAMLScalarWriter.render($0, style: style, key: entry.key) }
        splices.append(insertLines(items, after: entry.keyLine))
        return splices
    }

    /// Inserts whole lines after `line`, in the file's line ending; a last line without an
    /// ending stays without one.
    private func insertLines(_ lines: [String], after line: Int) -> Splice {
        let ending = buffer.ending(line)
        if ending.isEmpty {
            let newline = buffer.preferredEnding
            return .insert(at: buffer.contentEnd(line), lines.map { newline + $0 }.joined())
        }
        return .insert(at: buffer.lineEnd(line), lines.map { $0 + ending }.joined())
    }

    /// Rewrites the whole entry when its value can't be edited in place (multi-line scalars,
    /// aliases, odd layouts). The key stays as written.
    private func rewrite(_ entry: YAMLEntry, _ values: [String], asList: Bool) -> [Splice] {
        let lineStart = buffer.lineStarts[entry.keyLine]
        let keyStart = lineStart + entry.keyColumn
        let keyText = entry.afterColon.map { buffer.slice(keyStart..<($0 - 1)) } ?? entry.rawKey
        let ending = buffer.ending(entry.keyLine).isEmpty ? buffer.preferredEnding : buffer.ending(entry.keyLine)
        let text = buffer.slice(lineStart..<keyStart) + keyText + ":"
            + renderValue(values, asList: asList, key: entry.key, keyColumn: entry.keyColumn, ending: ending)
        return [Splice(lineStart..<buffer.contentEnd(entry.lastLine), text)]
    }

    private func renderValue(_ values: [String], asList: Bool, key: String, keyColumn: Int, ending: String) -> String {
        if values.isEmpty { return asList ? " []" : " \"\"" }
        if values.count == 1 && !asList { return " " + YAMLScalarWriter.render(values[0], style: .plain, key: key) }
        let indent = String(repeating: " ", count: keyColumn + (file.sequenceIndent ?? 2))
        return values.map { ending + indent + "- " + YAMLScalarWriter.render($0, style: .plain, key: key) }.joined()
    }

    // MARK: - Remove and append

    /// Deletes the entry's lines: the key line and its value's lines.
    func remove(_ entry: YAMLEntry) throws -> [Splice] {
        guard !file.isFlowMapping else { throw cannotEdit(entry, "the file is a flow mapping ({...})") }
        return buffer.deletingLines(entry.keyLine...entry.lastLine)
    }

    /// Adds `key: value` (or a block list) at the end of the file.
    func append(key: String, values: [String], asList: Bool) throws -> [Splice] {
        guard file.isValid else {
            throw Diagnostic.error("invalid-yaml", host: host, at: SourceLocation(file: file.path),
                                   "can't add \(key) to \(file.path): the file is not valid YAML")
        }
        guard !file.isFlowMapping else {
            throw Diagnostic.error("unsupported-value", host: host, at: SourceLocation(file: file.path),
                                   "can't add \(key) to \(file.path): the file is a flow mapping ({...})")
        }
        let ending = buffer.isEmpty ? "\n" : buffer.preferredEnding
        var text = buffer.isEmpty || buffer.endsWithNewline ? "" : ending
        text += String(repeating: " ", count: file.keyColumn) + key + ":"
            + renderValue(values, asList: asList, key: key, keyColumn: file.keyColumn, ending: ending) + ending
        return [.insert(at: buffer.scalars.count, text)]
    }

    /// The content of a new config file holding only `key`.
    static func newFile(key: String, values: [String], asList: Bool) -> String {
        let empty = YAMLConfigFile(path: K3sPaths.config, origin: .configFile, text: "", host: nil)
        let editor = YAMLConfigEditor(file: empty)
        return (try? editor.append(key: key, values: values, asList: asList))?.first?.replacement ?? ""
    }

    private func requireEditable(_ entry: YAMLEntry) throws {
        if file.isFlowMapping { throw cannotEdit(entry, "the file is a flow mapping ({...})") }
        if case .unsupported(let reason) = entry.value { throw cannotEdit(entry, "its value is \(reason)") }
    }

    private func cannotEdit(_ entry: YAMLEntry, _ reason: String) -> Diagnostic {
        .error("unsupported-value", host: host, at: SourceLocation(file: file.path, line: entry.keyLine + 1),
               "can't edit \(entry.key) in \(file.path):\(entry.keyLine + 1): \(reason)")
    }
}
