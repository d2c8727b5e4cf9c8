import K3sMigrateCore

/// Bytes from nodes made safe for a terminal: every control character except line feed and tab
/// (ESC, CR, backspace, BEL, DEL, the C1 range...) is shown as `\x1b`, `\r`... so node content
/// can't move the cursor, rewrite a line, change colours or set the terminal's title. A byte that
/// is not UTF-8 (a `LosslessText` escape) is shown as `\xNN` too. A backslash that the reader
/// could take for the start of such an escape (followed by `x`, `u`, `r`, `n`, `t`, a backslash,
/// or a character shown escaped) is shown as `\\`, so a node's literal `\x1b` reads `\\x1b` and
/// never passes for an escaped ESC; other backslashes (a unit's line continuation) stay as they are.
public enum TerminalText {
    public static func visible(_ text: String, keepLineBreaks: Bool = true) -> String {
        let scalars = Array(text.unicodeScalars)
        func escaped(_ index: Int) -> Bool {
            let scalar = scalars[index]
            if scalar == "\\" {
                guard index + 1 < scalars.count else { return false }
                let next = scalars[index + 1]
                return "\\xurnt".unicodeScalars.contains(next) || needsEscape(next, keepLineBreaks: keepLineBreaks)
            }
            return needsEscape(scalar, keepLineBreaks: keepLineBreaks)
        }
        guard scalars.indices.contains(where: escaped) else { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(scalars.count)
        for (index, scalar) in scalars.enumerated() {
            guard escaped(index) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\\": out += "\\\\"
            case "\r": out += "\\r"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                let value = LosslessText.rawByte(scalar).map(UInt32.init) ?? scalar.value
                let hex = String(value, radix: 16)
                out += value <= 0xFF ? "\\x" + (hex.count < 2 ? "0" + hex : hex) : "\\u{\(hex)}"
            }
        }
        return out
    }

    static func needsEscape(_ scalar: Unicode.Scalar, keepLineBreaks: Bool) -> Bool {
        if keepLineBreaks, scalar == "\n" || scalar == "\t" { return false }
        let value = scalar.value
        // C0, DEL, C1, the bidirectional overrides that reorder what a reviewer reads, and bytes
        // that are not UTF-8.
        return value < 0x20 || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
            || LosslessText.rawByte(scalar) != nil
    }
}
