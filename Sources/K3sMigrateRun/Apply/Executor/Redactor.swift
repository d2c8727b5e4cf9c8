import Foundation
import K3sMigrateCore

/// The masking pass: hides secret values in any text k3smigrate shows or keeps (command output,
/// titles, messages, diffs, saved facts), in every form K3s accepts them, for every key the
/// settings model calls secret (`K3sFlagCatalog.isSecret`, plus the `-t` alias of token):
/// `--token=X`, `--token X`, `-t X`, the unit's `'--token' \` + `'X'` on the next line (also in
/// a diff), `token: X` (plain, quoted, or a `|`/`>` block scalar), `"token": "X"` (JSON),
/// `K3S_TOKEN=X` (env files), `joinKey=X` (vpn-auth) and the password of a `scheme://user:PASS@`
/// URL (datastore-endpoint). It backs up the model-based redaction (`SecretRedactor`, which
/// knows each secret value from where it sits), never replaces it.
public enum Redactor {
    public static let mask = "[redacted]"

    /// `mask` replaces each secret: `[redacted]` in what is shown; a word that no file syntax
    /// reads as structure (`SecretMasking.fileMask`) in files k3smigrate saves.
    public static func redact(_ text: String, mask: String = Redactor.mask) -> String {
        redact(text, mask: mask, literalChecks: true)
    }

    /// `literalChecks`: skip each regular expression whose literal part is absent from an ASCII
    /// text (it cannot match there); the result is the same, only cheaper (a plan's JSON is
    /// 70 KB for 50 hosts). Tests compare both ways.
    static func redact(_ text: String, mask: String, literalChecks: Bool) -> String {
        guard mayContainSecret(text) else { return text }
        let literals = literalChecks && text.utf8.allSatisfy { $0 < 0x80 } ? Literals(text) : nil
        var out = maskBlockScalars(text, mask: mask)
        // Every value found is masked wherever else it appears too: a diff shows a unit flag's
        // value on a `-` and a `+` line below the one flag line.
        var found: Set<String> = []
        func replace(_ match: Regex<AnyRegexOutput>.Match) -> String {
            if match.output.count > 2, let value = match.output[2].substring {
                let bare = value.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
                if bare.count >= 4 { found.insert(bare) }
            }
            return (match.output[1].substring.map(String.init) ?? "") + mask
        }
        if mayHoldShortToken(out), literals?.shortTokenFlag != false { out = out.replacing(shortToken.regex, with: replace) }
        for pattern in patterns.all where literals?.mayMatch(pattern.needs) != false {
            out = out.replacing(pattern.regex, with: replace)
        }
        for value in found.sorted(by: { ($0.count, $0) > ($1.count, $1) }) where out.contains(value) {
            out = out.replacingOccurrences(of: value, with: mask)
        }
        return out
    }

    // MARK: patterns

    /// Flag names (without dashes) whose values are secret.
    static var secretNames: [String] {
        K3sFlagCatalog.secretKeys.sorted { ($0.count, $0) > ($1.count, $1) }
    }

    /// Environment variables that hold them: `K3S_` + the flag name in upper case (K3s's EnvVars).
    /// and every variable the catalog maps to a secret flag (AWS_SECRET_ACCESS_KEY...).
    static var secretVariables: [String] {
        let derived = secretNames.map { "K3S_" + $0.uppercased().replacingOccurrences(of: "-", with: "_") }
        let mapped = K3sFlagCatalog.environmentVariables.filter { K3sFlagCatalog.isSecret($0.value) }.keys
        return Set(derived + mapped).sorted { ($0.count, $0) > ($1.count, $1) }
    }

    private struct Patterns: @unchecked Sendable {
        let all: [(regex: Regex<AnyRegexOutput>, needs: Needs)]
    }

    /// What an expression's literal part needs in a lower-cased ASCII text: any of these words,
    /// all of them, or a YAML `t:` key line (see `Literals`).
    private enum Needs {
        case any([String]), all([String]), yamlKeyT
    }

    private static let value = #"('[^']*'|"[^"]*"|[^\s'"\\,}]+)"#

    private static let patterns: Patterns = {
        let names = secretNames.map(escape).joined(separator: "|")
        let variables = secretVariables.map(escape).joined(separator: "|")
        let sources: [(String, Needs)] = [
            // vpn-auth: "name=tailscale,joinKey=KEY,controlServerURL=..."
            (#"(?i)(joinkey\s*=\s*)([^,\s"'\\]+)"#, .any(["joinkey"])),
            // K3S_TOKEN=..., export K3S_AGENT_TOKEN="...", Environment="K3S_TOKEN=..."
            (#"(?i)((?:^|[^\w])(?:"# + variables + #")\s*=\s*)"# + #"('[^']*'|"[^"]*"|[^\s"']+)"#,
             .any(secretVariables.map { $0.lowercased() })),
            // --token=X, --token X, -token X, '--token' \<newline>[+-]'X' (unit, also in a diff)
            (#"(?i)((?:^|[^\w-])--?(?:"# + names + #")(?=[=\s'"\\])['"]?(?:=|(?:\n[+\-]|[\s\\'"])+))"# + value,
             .any(secretNames.map { "-" + $0 })),
            // token: X / "token": "X" / t: X (YAML and JSON; a diff line's + or - is not a word character)
            (#"(?im)((?:^[+\- ]?|[^\w/.-])["']?(?:"# + names + #")["']?[ \t]*:[ \t]*)(?![|>][-+0-9]*[ \t]*$)"# + value,
             .any(secretNames)),
            (#"(?m)((?:^[+\- ]?[ \t]*(?:-[ \t]+)?)["']?t["']?[ \t]*:[ \t]*)(?![|>][-+0-9]*[ \t]*$)"# + value, .yamlKeyT),
            // postgres://user:PASSWORD@host (datastore-endpoint)
            (#"(://[^:/\s@'"]+:)([^@\s/'"]+)(?=@)"#, .all(["://", "@"])),
        ]
        return Patterns(all: sources.map { (try! Regex($0.0), $0.1) })
    }()

    /// `-t X` (token's alias), quoted as install.sh writes it or on a k3s command line; other
    /// programs' `-t` (iptables -t nat) is left alone.
    private static let shortToken = ShortToken(regex:
        try! Regex(#"((?:^|[\s'"])(?:'-t'|"-t"|-t)(?=[=\s'"\\])['"]?(?:=|(?:\n[+\-]|[\s\\'"])+))"# + value))

    private struct ShortToken: @unchecked Sendable {
        let regex: Regex<AnyRegexOutput>
    }

    /// Whether an ASCII text has what each expression's literal part needs (`Needs`, and
    /// `shortToken`'s flag); each check is implied by its expression matching, so a false one skips
    /// it. Masking only ever writes `mask`, which holds none of them, so checks made before it stay true.
    private struct Literals {
        let lower: [UInt8]
        let text: String

        init(_ text: String) {
            self.text = text
            lower = Array(text.lowercased().utf8)
        }

        func mayMatch(_ needs: Needs) -> Bool {
            switch needs {
            case .any(let words): return words.contains { has($0) }
            case .all(let words): return words.allSatisfy { has($0) }
            case .yamlKeyT: return yamlKeyT
            }
        }

        /// Whether the lower-cased text holds `word` (a byte search: String.contains is slow on 70 KB).
        private func has(_ word: String) -> Bool {
            let needle = Array(word.utf8)
            guard let first = needle.first, needle.count <= lower.count else { return needle.isEmpty }
            return lower.withUnsafeBufferPointer { haystack in
                needle.withUnsafeBufferPointer { word in
                    guard let base = haystack.baseAddress, let wordBase = word.baseAddress else { return false }
                    var at = 0
                    let last = haystack.count - word.count
                    while at <= last, let found = memchr(base + at, Int32(first), last - at + 1) {
                        let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                        if memcmp(base + index, wordBase, word.count) == 0 { return true }
                        at = index + 1
                    }
                    return false
                }
            }
        }

        /// A line that, past characters of `+- \t'"`, starts `t`, an optional quote, blanks, `:`.
        var yamlKeyT: Bool {
            let lead: Set<UInt8> = [UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: " "), UInt8(ascii: "\t"),
                                    UInt8(ascii: "'"), UInt8(ascii: "\"")]
            let breaks: Set<UInt8> = [0x0A, 0x0B, 0x0C, 0x0D]
            let bytes = Array(text.utf8)
            var index = 0
            while index < bytes.count {
                var at = index
                while at < bytes.count, lead.contains(bytes[at]) { at += 1 }
                if at < bytes.count, bytes[at] == UInt8(ascii: "t") {
                    at += 1
                    if at < bytes.count, bytes[at] == UInt8(ascii: "'") || bytes[at] == UInt8(ascii: "\"") { at += 1 }
                    while at < bytes.count, bytes[at] == UInt8(ascii: " ") || bytes[at] == UInt8(ascii: "\t") { at += 1 }
                    if at < bytes.count, bytes[at] == UInt8(ascii: ":") { return true }
                }
                while index < bytes.count, !breaks.contains(bytes[index]) { index += 1 }
                index += 1
            }
            return false
        }

        /// `-t` followed by `=`, a blank, a quote or a backslash.
        var shortTokenFlag: Bool {
            let next: Set<UInt8> = [UInt8(ascii: "="), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "\\"),
                                    0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D]
            let bytes = Array(text.utf8)
            var index = 0
            while index + 2 < bytes.count {
                if bytes[index] == UInt8(ascii: "-"), bytes[index + 1] == UInt8(ascii: "t"), next.contains(bytes[index + 2]) { return true }
                index += 1
            }
            return false
        }
    }

    private static func mayHoldShortToken(_ text: String) -> Bool {
        text.contains("'-t'") || text.contains("\"-t\"") || (text.contains("k3s") && text.contains("-t"))
    }

    private static func escape(_ name: String) -> String {
        name.map { "-._".contains($0) ? "\\\($0)" : String($0) }.joined()
    }

    /// `token: |` (or `>`, `|-`...) followed by more indented lines: every such line is masked.
    private static func maskBlockScalars(_ text: String, mask: String) -> String {
        guard text.contains(":") else { return text }
        let names = Set(secretNames + ["t"])
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var index = 0
        while index < lines.count {
            let (prefix, body) = diffPrefix(lines[index])
            let indent = body.prefix { $0 == " " || $0 == "\t" }.count
            let trimmed = body.dropFirst(indent)
            guard let colon = trimmed.firstIndex(of: ":") else { index += 1; continue }
            let key = trimmed[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: "\"' \t-"))
            let rest = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard names.contains(key), rest.first == "|" || rest.first == ">" else { index += 1; continue }
            var next = index + 1
            while next < lines.count {
                let (nextPrefix, nextBody) = diffPrefix(lines[next])
                let nextIndent = nextBody.prefix { $0 == " " || $0 == "\t" }.count
                let blank = nextBody.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
                guard blank || nextIndent > indent, prefix == nil || nextPrefix != nil else { break }
                if !blank { lines[next] = (nextPrefix ?? "") + String(nextBody.prefix(nextIndent)) + mask }
                next += 1
            }
            index = next
        }
        return lines.joined(separator: "\n")
    }

    /// A unified diff line's first character (`+`, `-`, space) when the line looks like one.
    private static func diffPrefix(_ line: String) -> (String?, Substring) {
        if let first = line.first, first == "+" || first == "-", !line.hasPrefix("+++"), !line.hasPrefix("---") {
            return (String(first), line.dropFirst())
        }
        return (nil, Substring(line))
    }

    /// Cheap pre-check so that ordinary output skips the regular expressions.
    private static func mayContainSecret(_ text: String) -> Bool {
        let lower = text.lowercased()
        if lower.contains("joinkey") || lower.contains("k3s_") || lower.contains("aws_") || lower.contains("://") || lower.contains("t:")
            || lower.contains("-t") || lower.contains("t=") { return true }
        return secretNames.contains { lower.contains($0) }
    }
}
