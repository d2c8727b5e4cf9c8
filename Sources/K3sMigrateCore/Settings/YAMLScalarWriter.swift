/// Writes a value as a YAML scalar that K3s reads back as exactly that string, in the style the
/// file already uses where that is safe.
enum YAMLScalarWriter {
    static func render(_ value: String, style: YAMLScalarStyle, key: String, flow: Bool = false) -> String {
        switch style {
        case .plain, .block:
            return canBePlain(value, key: key, flow: flow) ? value : doubleQuoted(value)
        case .singleQuoted:
            return value.unicodeScalars.contains(where: isControl) ? doubleQuoted(value) : singleQuoted(value)
        case .doubleQuoted:
            return doubleQuoted(value)
        }
    }

    static func singleQuoted(_ value: String) -> String {
        "'" + value.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
    }

    static func doubleQuoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if isControl(scalar) {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\x" + String(repeating: "0", count: max(0, 2 - hex.count)) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Whether `value` written bare is valid YAML and reads back as this string for K3s
    /// (which reads YAML 1.1: `0644` is an octal number, `yes` a boolean).
    static func canBePlain(_ value: String, key: String, flow: Bool) -> Bool {
        let s = Array(value.unicodeScalars)
        guard let first = s.first, let last = s.last else { return false }
        if first == " " || last == " " || last == ":" { return false }
        if s.contains(where: { isControl($0) || $0 == "\t" }) { return false }
        if "?:-".unicodeScalars.contains(first) {
            guard s.count > 1, s[1] != " " else { return false }
            if flow, ",[]{}".unicodeScalars.contains(s[1]) { return false }
        } else if ",[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) {
            return false
        }
        if value.contains(": ") || value.contains(" #") { return false }
        if flow, s.contains(where: { ",[]{}".unicodeScalars.contains($0) }) { return false }
        switch resolvedKind(value) {
        case .string: return true
        case .bool: return K3sFlagCatalog.isBoolean(key) && (value == "true" || value == "false")
        case .canonicalInteger: return true
        case .otherNonString: return false
        }
    }

    enum Kind { case string, bool, canonicalInteger, otherNonString }

    /// How a YAML 1.1 reader (Go's yaml.v2, used by K3s) resolves a plain scalar.
    static func resolvedKind(_ value: String) -> Kind {
        switch value {
        case "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE",
             "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF":
            return .bool
        case "~", "null", "Null", "NULL", ".inf", ".Inf", ".INF", "-.inf", "-.Inf", "-.INF",
             "+.inf", ".nan", ".NaN", ".NAN", "<<", "=":
            return .otherNonString
        default:
            break
        }
        let s = Array(value.unicodeScalars)
        let digits = "0123456789".unicodeScalars
        if s.allSatisfy({ digits.contains($0) }) {
            return s.count == 1 || s[0] != "0" ? .canonicalInteger : .otherNonString
        }
        if s.first == "-", s.count > 1, s.dropFirst().allSatisfy({ digits.contains($0) }), s[1] != "0" {
            return .canonicalInteger
        }
        if looksNumeric(s) { return .otherNonString }
        // Timestamps: 2001-12-14...
        if s.count >= 8, s[0..<4].allSatisfy({ digits.contains($0) }), s[4] == "-" { return .otherNonString }
        return .string
    }

    /// Floats, signed/prefixed integers, hex, octal, binary, sexagesimal and `_` separated numbers.
    private static func looksNumeric(_ s: [Unicode.Scalar]) -> Bool {
        var body = s[...]
        if let sign = body.first, sign == "-" || sign == "+" { body = body.dropFirst() }
        guard let head = body.first else { return false }
        let lower = String(String.UnicodeScalarView(body)).lowercased()
        if lower.hasPrefix("0x") || lower.hasPrefix("0b") || lower.hasPrefix("0o") {
            return lower.dropFirst(2).allSatisfy { $0.isHexDigit || $0 == "_" }
        }
        guard head == "." || ("0"..."9").contains(head) else { return false }
        var sawDigit = false, sawDot = false, sawExponent = false
        var previous: Unicode.Scalar = " "
        for c in body {
            switch c {
            case "0"..."9": sawDigit = true
            case "_", ":": if sawDot || sawExponent { return false }
            case ".": if sawDot || sawExponent { return false }; sawDot = true
            case "e", "E": if !sawDigit || sawExponent { return false }; sawExponent = true
            case "+", "-": if previous != "e" && previous != "E" { return false }
            default: return false
            }
            previous = c
        }
        return sawDigit
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F
    }
}
