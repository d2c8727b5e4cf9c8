import Yams

/// A K3s config file (config.yaml or a drop-in) read with Yams, with every top-level entry
/// located exactly in the text so that edits can change one value and keep all other bytes.
struct YAMLConfigFile: Sendable, Hashable {
    let path: String
    let origin: SettingOriginKind
    let buffer: TextBuffer
    private(set) var entries: [YAMLEntry] = []
    private(set) var diagnostics: [Diagnostic] = []
    /// False when the file is not valid YAML or its top level is not a mapping.
    private(set) var isValid = true
    /// `{a: b}` at the top level: readable, not editable.
    private(set) var isFlowMapping = false
    /// 0-based column of the top-level keys.
    private(set) var keyColumn = 0
    /// Columns between a key and its block list's dashes, as the file writes them (nil: no block list).
    private(set) var sequenceIndent: Int?

    init(path: String, origin: SettingOriginKind, text: String, host: String?) {
        self.path = path
        self.origin = origin
        buffer = TextBuffer(text, yamlLineBreaks: true)
        read(text, host: host)
        reportNonUTF8(host: host)
    }

    /// go-yaml's reader (readerc.go, as libyaml's reader.c) decodes the whole stream as UTF-8,
    /// comments included, and stops on the first byte that is not ("yaml: invalid leading UTF-8
    /// octet"): K3s will not start with such a file. Its bytes were read losslessly (LosslessText),
    /// so the rest of the file is still shown; the file is invalid for K3s and for changes.
    private mutating func reportNonUTF8(host: String?) {
        for line in 0..<buffer.lineCount {
            guard let scalar = buffer.content(line).first(where: { LosslessText.rawByte($0) != nil }),
                  let byte = LosslessText.rawByte(scalar) else { continue }
            isValid = false
            let hex = String(byte, radix: 16, uppercase: true)
            diagnostics.append(.error("invalid-yaml", host: host, at: SourceLocation(file: path, line: line + 1),
                                      "invalid YAML (K3s will not start): byte 0x\(hex.count == 1 ? "0" : "")\(hex) is not UTF-8, and K3s's YAML reader refuses the whole file (\"invalid leading UTF-8 octet\")"))
            return
        }
    }

    /// The entries as K3s sees them (pkg/configfilearg readConfigFile, go-yaml): an unquoted
    /// scalar is resolved as YAML 1.1 and printed back (`yes` is `true`, `0644` is `420`: see
    /// YAML11Scalar), a quoted one stays text; `key:` with no value becomes `--key=` (an empty
    /// value, not the default).
    var occurrences: [SettingValue] {
        entries.compactMap { entry in
            let values: [String]
            switch entry.value {
            case .scalar(let item): values = [Self.asK3sReadsIt(item)]
            case .sequence(let items, _, _): values = items.map(Self.asK3sReadsIt)
            case .empty: values = [""]
            case .unsupported: return nil
            }
            return SettingValue(key: entry.key, values: values, isList: entry.isList, appends: entry.appends,
                                origin: origin, location: SourceLocation(file: path, line: entry.keyLine + 1))
        }
    }

    static func asK3sReadsIt(_ item: YAMLScalarItem) -> String {
        guard item.style == .plain, !item.tagged else { return item.text }
        return YAML11Scalar.k3sText(plain: item.text)
    }

    // MARK: - Reading

    private mutating func read(_ text: String, host: String?) {
        guard let (root, placeholders) = compose(text, host: host) else { return }
        guard let root else { return }
        // `---` alone (or `~`) is an empty document: no settings.
        if case .scalar(let scalar) = root, Self.isNull(scalar) { return }
        guard case .mapping(let mapping) = root else {
            isValid = false
            diagnostics.append(.error("invalid-yaml", host: host, at: location(of: root.mark),
                                      "the top level must be a mapping of flag names to values"))
            return
        }
        // Yams reports collection styles from the closing event, so read the opening bracket instead.
        isFlowMapping = firstCharacter(at: mapping.mark) == "{"
        let pairs = Array(mapping)
        keyColumn = pairs.first?.key.mark.map { $0.column - 1 } ?? 0
        for (index, pair) in pairs.enumerated() {
            let nextLine = index + 1 < pairs.count ? (pairs[index + 1].key.mark?.line ?? 1) - 1 : buffer.lineCount
            guard let entry = makeEntry(key: pair.key, value: pair.value, nextLine: nextLine,
                                        placeholders: placeholders, host: host) else { continue }
            entries.append(entry)
        }
        reportDuplicates(host: host)
    }

    /// Composes the first document. Yams rejects duplicate keys, which K3s files do contain
    /// (the last one wins), so each duplicate's first occurrence is renamed to a same-length
    /// placeholder and composing retried; the placeholders map back to the real key.
    private mutating func compose(_ text: String, host: String?) -> (Node?, [String: String])? {
        var yaml = text
        var placeholders: [String: String] = [:]
        for round in 0..<256 {
            do {
                // The basic resolver: K3s values are read as text, and Yams' regex-based resolution of
                // every scalar costs more than the rest of reading. An explicit encoding spares Yams
                // reading the process environment on every parse.
                let parser = try Parser(yaml: yaml, resolver: .basic, encoding: .utf8)
                let root = try parser.nextRoot()
                if root != nil, try parser.nextRoot() != nil {
                    diagnostics.append(.warning("multiple-documents", host: host, at: SourceLocation(file: path),
                                                "the file holds several YAML documents; K3s reads only the first"))
                }
                return (root, placeholders)
            } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
                guard let key = duplicates.first, key.unicodeScalars.count > 0,
                      let renamed = Self.rename(key, at: context.mark, in: yaml, round: round)
                else {
                    fail(problem: "duplicate keys \(duplicates.joined(separator: ", "))", mark: context.mark, host: host)
                    return nil
                }
                yaml = renamed.text
                placeholders[renamed.placeholder] = placeholders[key] ?? key
            } catch let error as YamlError {
                switch error {
                case .scanner(let context, let problem, let mark, _),
                     .parser(let context, let problem, let mark, _),
                     .composer(let context, let problem, let mark, _):
                    fail(problem: [context?.text, problem].compactMap { $0 }.joined(separator: ": "), mark: mark, host: host)
                case .reader(let problem, _, _, _):
                    fail(problem: problem, mark: nil, host: host)
                default:
                    fail(problem: "\(error)", mark: nil, host: host)
                }
                return nil
            } catch {
                fail(problem: "\(error)", mark: nil, host: host)
                return nil
            }
        }
        fail(problem: "too many duplicate keys", mark: nil, host: host)
        return nil
    }

    private mutating func fail(problem: String, mark: Mark?, host: String?) {
        isValid = false
        let problemLine = problem.split(separator: "\n").first.map(String.init) ?? problem
        diagnostics.append(.error("invalid-yaml", host: host, at: location(of: mark),
                                  "invalid YAML (K3s will not start): \(problemLine)"))
    }

    private func location(of mark: Mark?) -> SourceLocation {
        guard let mark else { return SourceLocation(file: path) }
        return SourceLocation(file: path, line: mark.line, column: mark.column)
    }

    private static func rename(_ key: String, at mark: Mark, in text: String, round: Int) -> (text: String, placeholder: String)? {
        let buffer = TextBuffer(text, yamlLineBreaks: true)
        let line = mark.line - 1
        guard line >= 0, line < buffer.lineCount else { return nil }
        var start = buffer.offset(line: line, column: mark.column - 1) + byteOrderMarkShift(buffer, line: line)
        if start < buffer.scalars.count, buffer.scalars[start] == "\"" || buffer.scalars[start] == "'" { start += 1 }
        let keyScalars = Array(key.unicodeScalars)
        let end = start + keyScalars.count
        guard end <= buffer.contentEnd(line), Array(buffer.scalars[start..<end]) == keyScalars,
              let marker = Unicode.Scalar(0xE000 + UInt32(round))
        else { return nil }
        let placeholder = String(String.UnicodeScalarView(repeatElement(marker, count: keyScalars.count)))
        return (buffer.applying([Splice(start..<end, placeholder)]), placeholder)
    }

    private mutating func makeEntry(key keyNode: Node, value: Node, nextLine: Int,
                                    placeholders: [String: String], host: String?) -> YAMLEntry? {
        guard case .scalar(let keyScalar) = keyNode, let keyMark = keyScalar.mark else {
            diagnostics.append(.warning("unsupported-value", host: host, at: location(of: keyNode.mark),
                                        "a key that is not a plain name is ignored"))
            return nil
        }
        let rawKey = placeholders[keyScalar.string] ?? keyScalar.string
        let appends = rawKey.hasSuffix("+")
        // Aliases are config keys too (`t: ...` is the token).
        let key = K3sFlagCatalog.canonical(appends ? String(rawKey.dropLast()) : rawKey)
        let keyLine = keyMark.line - 1
        guard keyLine >= 0, keyLine < buffer.lineCount else {
            diagnostics.append(.warning("unsupported-value", host: host, at: location(of: keyMark),
                                        "\(rawKey) could not be located in the text and is ignored"))
            return nil
        }
        var lastLine = min(buffer.lineCount - 1, max(keyLine, nextLine - 1))
        while lastLine > keyLine, isSkippable(lastLine) { lastLine -= 1 }
        let lines = keyLine...lastLine
        var entry = YAMLEntry(rawKey: rawKey, key: key, appends: appends, keyLine: keyLine,
                              keyColumn: keyMark.column - 1,
                              afterColon: afterColon(keyScalar, mark: keyMark, length: rawKey.unicodeScalars.count),
                              lastLine: lastLine, value: .empty(span: nil))
        entry.value = readValue(value, lines: lines)
        let at = SourceLocation(file: path, line: keyLine + 1)
        switch entry.value {
        case .unsupported(let reason):
            diagnostics.append(.warning("unsupported-value", host: host, at: at,
                                        "the value of \(key) is \(reason); k3smigrate reads past it and will not edit it"))
        case .empty:
            diagnostics.append(.warning("empty-value", host: host, at: at, "\(key) has no value"))
        case .sequence(let items, false, _):
            if sequenceIndent == nil, let first = items.first, let dash = dashColumn(of: first) {
                sequenceIndent = dash - entry.keyColumn
            }
        default:
            break
        }
        for item in entry.scalarItems { reportNumber(item, key: key, host: host, at: at) }
        return entry
    }

    /// [yaml-number] An unquoted number that K3s receives other than as written (`0644` is the
    /// integer 420, `1.10` the float 1.1): go-yaml resolves it and K3s prints it back.
    private mutating func reportNumber(_ item: YAMLScalarItem, key: String, host: String?, at: SourceLocation) {
        guard item.style == .plain, !item.tagged else { return }
        let k3s: String
        switch YAML11Scalar.resolve(plain: item.text) {
        case .integer(let text), .float(let text): k3s = text
        default: return
        }
        guard k3s != item.text else { return }
        var message = "\(key): \(item.text) is a YAML 1.1 number, so K3s receives \(key)=\(k3s); quote it (\"\(item.text)\") to pass it as written"
        if key == "write-kubeconfig-mode" {
            // pkg/server/server.go: strconv.ParseInt(KubeConfigMode, 8, 0).
            if let mode = Int(k3s, radix: 8), mode >= 0 {
                message += ": K3s reads \(k3s) as the octal mode 0\(k3s), not \(item.text)"
            } else {
                message += ": \(k3s) is no octal mode, so K3s fails to set the kubeconfig's mode"
            }
        }
        diagnostics.append(.warning("yaml-number", host: host, at: at, message))
    }

    private func isSkippable(_ line: Int) -> Bool {
        if buffer.isBlankOrComment(line) { return true }
        let text = buffer.contentString(line)
        return text.hasPrefix("---") || text.hasPrefix("...")
    }

    private func readValue(_ node: Node, lines: ClosedRange<Int>) -> YAMLEntryValue {
        switch node {
        case .scalar(let scalar):
            if let reason = unsupportedTag(scalar.tag) { return .unsupported(reason: reason) }
            if Self.isNull(scalar) {
                let span = scalar.string.isEmpty ? nil : locate(scalar, lines: lines, flow: false)
                return .empty(span: span)
            }
            return .scalar(item(scalar, lines: lines, flow: false))
        case .sequence(let sequence):
            if let reason = unsupportedTag(sequence.tag) { return .unsupported(reason: reason) }
            let flow = firstCharacter(at: sequence.mark) == "["
            var items: [YAMLScalarItem] = []
            for element in sequence {
                guard case .scalar(let scalar) = element else {
                    return .unsupported(reason: "a list whose items are not plain values")
                }
                if let reason = unsupportedTag(scalar.tag) { return .unsupported(reason: reason) }
                items.append(item(scalar, lines: lines, flow: flow))
            }
            let flowSpan = flow ? sequence.mark.flatMap { locateFlow($0, lines: lines) } : nil
            return .sequence(items: items, flow: flow, flowSpan: flowSpan)
        case .mapping:
            return .unsupported(reason: "a nested mapping")
        case .alias:
            return .unsupported(reason: "an alias")
        }
    }

    /// A plain `~`, `null` or nothing: YAML's null.
    private static func isNull(_ scalar: Node.Scalar) -> Bool {
        guard scalar.style == .plain || scalar.style == .any, scalar.tag.rawValue.isEmpty || scalar.tag.rawValue == "!" else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    private func unsupportedTag(_ tag: Tag) -> String? {
        let name = tag.rawValue
        if name.isEmpty || name == "!" || name.hasPrefix("tag:yaml.org,2002:") { return nil }
        return "tagged \(name)"
    }

    private func item(_ scalar: Node.Scalar, lines: ClosedRange<Int>, flow: Bool) -> YAMLScalarItem {
        let style: YAMLScalarStyle
        switch scalar.style {
        case .singleQuoted: style = .singleQuoted
        case .doubleQuoted: style = .doubleQuoted
        case .literal, .folded: style = .block
        case .plain, .any: style = .plain
        }
        let tag = scalar.tag.rawValue
        return YAMLScalarItem(text: scalar.string, style: style, line: (scalar.mark?.line ?? 1) - 1,
                              span: locate(scalar, lines: lines, flow: flow), tagged: !tag.isEmpty && tag != "!")
    }

    private mutating func reportDuplicates(host: String?) {
        var seen: [String: Int] = [:]
        for entry in entries {
            if let first = seen[entry.rawKey] {
                diagnostics.append(.warning("duplicate-key", host: host, at: SourceLocation(file: path, line: entry.keyLine + 1),
                                            "\(entry.rawKey) is set twice in this file (lines \(first + 1) and \(entry.keyLine + 1)); the last one wins"))
            } else {
                seen[entry.rawKey] = entry.keyLine
            }
        }
    }
}
