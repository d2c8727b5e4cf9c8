import Testing
@testable import K3sMigrateRun

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
                       "# ☃ emoji 🚀 and combining e\u{301}", "path with \\x1b literally", ""]
        for sample in samples { #expect(TerminalText.visible(sample) == sample) }
    }

    @Test("bytes that are not UTF-8 arrive as U+FFFD and are printable, never raw")
    func invalidUTF8() {
        let decoded = String(decoding: [0x61, 0xFF, 0x1B, 0x62] as [UInt8], as: UTF8.self)
        #expect(TerminalText.visible(decoded) == "a\u{FFFD}\\x1bb")
    }
}
