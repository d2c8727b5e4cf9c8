/// One `NAME=value` of an env file (`k3s.service.env`, OpenRC's `k3s.env`) or of a unit's
/// `Environment=` line.
struct EnvironmentAssignment: Sendable, Hashable {
    var name: String
    /// The value after quote removal; empty when `isSecretSet`.
    var value: String
    /// 0-based line.
    var line: Int
    /// The host sent only the name: the value is a secret that facts never gather.
    var isSecretSet: Bool
    /// The unit or drop-in of an `Environment=` line (nil: the env file being read).
    var file: String? = nil
}

/// Reads env files as systemd's EnvironmentFile= and OpenRC's `. file` (sh) read them:
/// `NAME=value` per line, `export ` allowed, `#`/`;` comments, single and double quotes.
/// install.sh writes them as `NAME='value'`.
public enum EnvironmentFileReader {
    /// Stands for a value the host did not send (see `sanitized`); never a real value.
    public static let secretMarker = "<k3smigrate:secret-not-gathered>"

    static func read(_ text: String) -> [EnvironmentAssignment] {
        var result: [EnvironmentAssignment] = []
        for (index, raw) in lines(text).enumerated() {
            guard let (name, rawValue) = assignment(raw) else { continue }
            if rawValue == secretMarker {
                result.append(EnvironmentAssignment(name: name, value: "", line: index, isSecretSet: true))
            } else {
                result.append(EnvironmentAssignment(name: name, value: unquoted(rawValue), line: index, isSecretSet: false))
            }
        }
        return result
    }

    /// The text with the value of every variable outside `K3sFlagCatalog.gatheredVariables`
    /// replaced by `secretMarker` and every other line (comments, continuations) emptied; the
    /// line count is kept so that locations stay right. The facts script does the same on the
    /// host; this is for files that reach k3smigrate some other way (a facts directory).
    public static func sanitized(_ text: String) -> String {
        guard !text.isEmpty else { return "" }
        let gathered = Set(K3sFlagCatalog.gatheredVariables)
        return lines(text).map { raw -> String in
            guard let (name, _) = assignment(raw) else { return "\n" }
            return (gathered.contains(name) ? raw : name + "=" + secretMarker) + "\n"
        }.joined()
    }

    /// Lines split at `\n` scalars (a `\r\n` is one Character to String, so split scalars).
    private static func lines(_ text: String) -> [String] {
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(String.UnicodeScalarView(line.last == "\r" ? line.dropLast() : line[...]))
        }
        if text.unicodeScalars.last == "\n" { lines.removeLast() }
        return lines
    }

    /// `(name, value as written)` of an assignment line; nil for anything else.
    static func assignment(_ raw: String) -> (String, String)? {
        var line = Substring(raw).drop { $0 == " " || $0 == "\t" }
        if line.hasPrefix("export ") { line = line.dropFirst("export ".count).drop { $0 == " " || $0 == "\t" } }
        guard let eq = line.firstIndex(of: "=") else { return nil }
        let name = String(line[..<eq])
        guard isName(name) else { return nil }
        var value = line[line.index(after: eq)...]
        while let last = value.last, last == " " || last == "\t" { value = value.dropLast() }
        return (name, String(value))
    }

    static func isName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || ("A"..."Z").contains(first) || ("a"..."z").contains(first) else {
            return false
        }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }

    /// Quote removal as sh does it for one assignment value (`'a b'`, `"a\"b"`, `a\ b`).
    static func unquoted(_ value: String) -> String {
        var result = String.UnicodeScalarView()
        var scalars = Array(value.unicodeScalars)[...]
        while let c = scalars.popFirst() {
            switch c {
            case "'":
                while let d = scalars.popFirst(), d != "'" { result.append(d) }
            case "\"":
                while let d = scalars.popFirst(), d != "\"" {
                    if d == "\\", let next = scalars.first, "$`\"\\".unicodeScalars.contains(next) {
                        result.append(next)
                        scalars = scalars.dropFirst()
                    } else {
                        result.append(d)
                    }
                }
            case "\\":
                if let next = scalars.popFirst() { result.append(next) }
            default:
                result.append(c)
            }
        }
        return String(result)
    }
}
