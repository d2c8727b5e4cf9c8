/// How K3s turns an unquoted config-file scalar into a flag value. pkg/configfilearg/parser.go
/// reads config files with gopkg.in/yaml.v2 (YAML 1.1 resolution) into `any`, then prints each
/// value with wrangler's convert.ToString (`fmt.Sprint`). So `0644` becomes the int 420 and
/// reaches K3s as `--write-kubeconfig-mode=420`, `1.10` becomes `1.1`, `~` an empty value, `yes`
/// `true`. Timestamps stay text: yaml.v2 keeps them as strings when decoding into `any`.
/// Quoted, block and tagged scalars are text as written.
public enum YAML11Scalar {
    /// What yaml.v2 resolves a plain scalar to, as far as the printed value goes.
    public enum Resolved: Sendable, Equatable {
        case string(String)
        case bool(Bool)
        case null
        /// An integer (`0644`, `0x1F`, `1_000`, `+5`), as its decimal text.
        case integer(String)
        /// A float (`1.50`, `1e3`, `.5`, `.inf`), as Go's `fmt.Sprint` prints it.
        case float(String)
    }

    /// The text K3s receives for a plain scalar.
    public static func k3sText(plain text: String) -> String {
        switch resolve(plain: text) {
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .null: return ""
        case .integer(let s), .float(let s): return s
        }
    }

    /// yaml.v2's `resolve` for an untagged plain scalar: the map of special words first, then,
    /// by the first character, an integer (strconv.ParseInt / ParseUint with base 0, after
    /// dropping `_`), a float (yaml.v2's float pattern, then strconv.ParseFloat) or text.
    public static func resolve(plain text: String) -> Resolved {
        if let boolean = K3sFlagCatalog.yaml11Boolean(text) { return .bool(boolean) }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float("+Inf")
        case "-.inf", "-.Inf", "-.INF": return .float("-Inf")
        case ".nan", ".NaN", ".NAN": return .float("NaN")
        default: break
        }
        guard let first = text.unicodeScalars.first else { return .string(text) }
        if first == "." {
            // yaml.v2 hands the text as it is to strconv.ParseFloat.
            if isFloatSyntax(text), let value = Double(text) { return .float(goFormat(value)) }
            return .string(text)
        }
        guard first == "+" || first == "-" || ("0"..."9").contains(first) else { return .string(text) }
        let plain = String(text.filter { $0 != "_" })
        if let integer = parseGoInteger(plain) { return .integer(integer) }
        if isFloatSyntax(plain), let value = Double(plain) { return .float(goFormat(value)) }
        return .string(text)
    }

    /// Go's strconv.ParseInt(s, 0, 64), falling back to ParseUint(s, 0, 64), as yaml.v2 does;
    /// the value in decimal, nil when neither accepts it.
    static func parseGoInteger(_ s: String) -> String? {
        var body = Substring(s)
        let signed = body.first == "+" || body.first == "-"
        let negative = body.first == "-"
        if signed { body = body.dropFirst() }
        let lower = body.lowercased()
        let radix: Int
        var digits: Substring
        if lower.hasPrefix("0x") { radix = 16; digits = body.dropFirst(2) }
        else if lower.hasPrefix("0o") { radix = 8; digits = body.dropFirst(2) }
        else if lower.hasPrefix("0b") { radix = 2; digits = body.dropFirst(2) }
        else if body.count > 1 && body.hasPrefix("0") { radix = 8; digits = body.dropFirst() }
        else { radix = 10; digits = body }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isHexDigit }),
              let magnitude = UInt64(digits, radix: radix) else { return nil }
        // Beyond Int64 only ParseUint is left, and it takes no sign.
        if signed, !negative, magnitude > UInt64(Int64.max) { return nil }
        if negative {
            // ParseInt only: at most 2^63.
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == 0 ? "0" : "-\(magnitude)"
        }
        return String(magnitude)
    }

    /// yaml.v2's yamlStyleFloat: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
    static func isFloatSyntax(_ s: String) -> Bool {
        var c = Array(s.unicodeScalars)[...]
        func digits() -> Int {
            var n = 0
            while let d = c.first, ("0"..."9").contains(d) { c = c.dropFirst(); n += 1 }
            return n
        }
        if let sign = c.first, sign == "+" || sign == "-" { c = c.dropFirst() }
        if c.first == "." {
            c = c.dropFirst()
            guard digits() > 0 else { return false }
        } else {
            guard digits() > 0 else { return false }
            if c.first == "." { c = c.dropFirst(); _ = digits() }
        }
        if let e = c.first, e == "e" || e == "E" {
            c = c.dropFirst()
            if let sign = c.first, sign == "+" || sign == "-" { c = c.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return c.isEmpty
    }

    /// Go's `fmt.Sprint` of a float64: `%v` is strconv's 'g' with the shortest digits, which
    /// takes the exponent form when the decimal exponent is below -4 or at least 6 (strconv
    /// ftoa.go: "if precision was the shortest possible, use precision 6"): `1000`, `0.5`,
    /// `1e+06`, `1.5e-05`, `+Inf`.
    static func goFormat(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        let sign = value.sign == .minus ? "-" : ""
        if value == 0 { return sign + "0" }
        // Swift prints the shortest digits that read back as the same double, as Go does.
        let text = "\(value.magnitude)"
        let parts = text.split(separator: "e", maxSplits: 1)
        let exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
        let mantissa = parts[0]
        let pointIndex = mantissa.firstIndex(of: ".") ?? mantissa.endIndex
        var digits = Array(mantissa[..<pointIndex]) + Array(mantissa[pointIndex...].dropFirst())
        var point = mantissa.distance(from: mantissa.startIndex, to: pointIndex) + exponent
        while digits.first == "0" { digits.removeFirst(); point -= 1 }
        while digits.last == "0" { digits.removeLast() }
        guard !digits.isEmpty else { return sign + "0" }
        let decimalExponent = point - 1
        if decimalExponent < -4 || decimalExponent >= 6 {
            var result = sign + String(digits[0])
            if digits.count > 1 { result += "." + String(digits[1...]) }
            let magnitude = abs(decimalExponent)
            return result + "e" + (decimalExponent < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + String(magnitude)
        }
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + String(digits) }
        if point >= digits.count { return sign + String(digits) + String(repeating: "0", count: point - digits.count) }
        return sign + String(digits[..<point]) + "." + String(digits[point...])
    }
}
