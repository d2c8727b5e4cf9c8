/// Bytes from nodes made safe for a terminal: every control character except line feed and tab
/// (ESC, CR, backspace, BEL, DEL, the C1 range...) is shown as `\x1b`, `\r`... so node content
/// can't move the cursor, rewrite a line, change colours or set the terminal's title.
public enum TerminalText {
    public static func visible(_ text: String, keepLineBreaks: Bool = true) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepLineBreaks: keepLineBreaks) }) else { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar, keepLineBreaks: keepLineBreaks) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\r": out += "\\r"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                let hex = String(scalar.value, radix: 16)
                out += scalar.value <= 0xFF ? "\\x" + (hex.count < 2 ? "0" + hex : hex) : "\\u{\(hex)}"
            }
        }
        return out
    }

    static func needsEscape(_ scalar: Unicode.Scalar, keepLineBreaks: Bool) -> Bool {
        if keepLineBreaks, scalar == "\n" || scalar == "\t" { return false }
        let value = scalar.value
        // C0, DEL, C1, and the bidirectional overrides that reorder what a reviewer reads.
        return value < 0x20 || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }
}
