import Testing
@testable import K3sMigrateRun
import K3sMigrateCore

/// Node bytes reach a terminal with every control character made visible (issue 9, item 4).
@Suite("TerminalText: node bytes shown with control characters visible")
struct TerminalTextTests {
    /// Every scalar of C0, DEL and C1, one at a time, between printable text.
    @Test func everyC0DelAndC1ScalarIsEscaped() {
        let controls = Array(0x00..<0x20) + Array(0x7F...0x9F)
        for value in controls {
            let scalar = Unicode.Scalar(UInt32(value))!
            let shown = TerminalText.visible("a" + String(Character(scalar)) + "b", keepLineBreaks: false)
            let expected: String
            switch value {
            case 0x0A: expected = "\\n"
            case 0x0D: expected = "\\r"
            case 0x09: expected = "\\t"
            default: expected = "\\x" + (value < 0x10 ? "0" : "") + String(value, radix: 16)
            }
            #expect(shown == "a" + expected + "b", "U+\(String(value, radix: 16))")
            #expect(!shown.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        }
    }

    @Test func lineFeedAndTabAreKeptByDefaultCarriageReturnIsNot() {
        #expect(TerminalText.visible("a: 1\n\tb: 2\n") == "a: 1\n\tb: 2\n")
        #expect(TerminalText.visible("token: x\rtoken: hidden") == "token: x\\rtoken: hidden")
    }

    @Test("escape sequences a hostile node could send are shown, not obeyed")
    func escapeSequences() {
        let title = "\u{1B}]0;owned\u{07}"          // OSC: set the window title
        let clear = "\u{1B}[2J\u{1B}[H"             // CSI: clear screen, cursor home
        let csi8bit = "\u{9B}31m"                   // 8-bit CSI
        #expect(TerminalText.visible(title) == "\\x1b]0;owned\\x07")
        #expect(TerminalText.visible(clear) == "\\x1b[2J\\x1b[H")
        #expect(TerminalText.visible(csi8bit) == "\\x9b31m")
        #expect(TerminalText.visible("ok\u{08}\u{08}no") == "ok\\x08\\x08no")
    }

    @Test("bidirectional overrides that reorder what a reviewer reads are shown")
    func bidiOverrides() {
        for value in Array(0x202A...0x202E) + Array(0x2066...0x2069) {
            let scalar = Unicode.Scalar(UInt32(value))!
            #expect(TerminalText.visible("x" + String(Character(scalar))) == "x\\u{\(String(value, radix: 16))}")
        }
    }

    @Test("printable text and valid UTF-8 pass unchanged")
    func printableUnchanged() {
        let samples = ["flannel-backend: wireguard-native", "node-label: [\"zone=Zürich\", \"名前=ノード\"]",
                       "# ☃ emoji 🚀 and combining e\u{301}", ""]
        for sample in samples { #expect(TerminalText.visible(sample) == sample) }
    }

    /// A backslash is doubled when what follows it could read as an escape (`x`, `u`, `r`, `n`,
    /// `t`, a backslash, or a character that is itself escaped); elsewhere (a unit's line
    /// continuation, `C:\dir`) it stays single, and reading back is unambiguous either way.
    @Test("a literal backslash is doubled, so node text `\\x1b` can't pass for an escaped ESC")
    func literalBackslash() {
        let literal = TerminalText.visible("path with \\x1b literally")
        let escaped = TerminalText.visible("path with \u{1B} literally")
        #expect(literal == "path with \\\\x1b literally")
        #expect(escaped == "path with \\x1b literally")
        #expect(literal != escaped)
        for (input, shown) in [("\\u{202e}", "\\\\u{202e}"), ("a\\rb", "a\\\\rb"), ("a\\nb", "a\\\\nb"), ("a\\tb", "a\\\\tb"),
                               ("two \\\\ ", "two \\\\\\ "), ("a\\\u{1B}", "a\\\\\\x1b")] {
            #expect(TerminalText.visible(input) == shown, "\(input.debugDescription)")
        }
        #expect(TerminalText.visible("ExecStart=/usr/local/bin/k3s \\\n\tserver \\\n") == "ExecStart=/usr/local/bin/k3s \\\n\tserver \\\n",
                "a line continuation reads as it is")
        #expect(TerminalText.visible("C:\\dir\\") == "C:\\dir\\")
        #expect(TerminalText.visible("a\\\nb", keepLineBreaks: false) == "a\\\\\\nb", "backslash then an escaped line feed")
    }

    @Test("bytes that are not UTF-8 arrive as U+FFFD and are printable, never raw")
    func invalidUTF8() {
        let decoded = String(decoding: [0x61, 0xFF, 0x1B, 0x62] as [UInt8], as: UTF8.self)
        #expect(TerminalText.visible(decoded) == "a\u{FFFD}\\x1bb")
        // Node files keep such bytes (LosslessText); they are shown as the byte they are.
        let kept = LosslessText.decode([0x61, 0xFF, 0x1B, 0x62, 0xE9])
        #expect(TerminalText.visible(kept) == "a\\xff\\x1bb\\xe9")
    }
}
