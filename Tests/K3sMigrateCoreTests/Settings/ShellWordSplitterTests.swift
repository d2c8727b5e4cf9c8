import Testing
@testable import K3sMigrateCore

@Suite struct ShellWordSplitterTests {
    func split(_ text: String, _ dialect: ShellWordSplitter.Dialect = .systemd) -> [ScriptWord] {
        let buffer = TextBuffer(text)
        let chars = buffer.scalars.enumerated().map { SourceChar(scalar: $0.element, offset: $0.offset) }
        return ShellWordSplitter.split(chars, dialect: dialect, buffer: buffer)
    }

    @Test func quotesAndEscapes() {
        let words = split(#"'--node-label=it'\''s' "--a=b c" --plain=x\ y"#)
        // systemd (EXTRACT_CUNESCAPE_RELAX): `\ ` is no C escape, so the backslash stays.
        #expect(words.map(\.text) == ["--node-label=it's", "--a=b c", "--plain=x\\ y"])
        #expect(words.map(\.quoting) == [.mixed, .double, .mixed])
        #expect(words[1].range == 23..<32)
    }

    @Test func variablesAreNoticedAndDoubleDollarIsLiteralForSystemd() {
        let words = split("--ip ${NODE_IP} --x=$HOME --y=$$5")
        #expect(words.map(\.hasVariable) == [false, true, true, false])
        #expect(words[3].text == "--y=$5")
    }

    @Test func redirectionsInShellDialect() {
        let words = split("server >>${K3S_LOGFILE} 2>&1 > /tmp/x", .shell)
        #expect(words.map(\.isRedirection) == [false, true, true, true, false])
        #expect(words.map(\.isRedirectionOperator) == [false, false, false, true, false])
        let (flags, others) = CommandLineFlag.parse(words)
        #expect(flags.isEmpty)
        #expect(others.map(\.text) == ["server"])
    }

    @Test func flagForms() {
        let (flags, _) = CommandLineFlag.parse(split("--a=1 --cluster-init --b 2 --cc --dd -e=3"))
        #expect(flags.map(\.key) == ["a", "cluster-init", "b", "cc", "dd", "e"])
        #expect(flags.map(\.value) == ["1", "true", "2", "true", "true", "3"])
        #expect(flags.map(\.form) == [.equals, .bare, .separate, .bare, .bare, .equals])
    }

    @Test("short aliases and -name are the long flags; the spelling is kept for edits")
    func aliasesAndSingleDash() {
        let (flags, _) = CommandLineFlag.parse(split("-t s3cret -s https://a:6443 -i=10.0.0.1 -node-label x=1 --c /etc/k.yaml"))
        #expect(flags.map(\.key) == ["token", "server", "node-ip", "node-label", "config"])
        #expect(flags.map(\.writtenKey) == ["t", "s", "i", "node-label", "c"])
        #expect(flags.map(\.value) == ["s3cret", "https://a:6443", "10.0.0.1", "x=1", "/etc/k.yaml"])
    }

    @Test("systemd C escapes in quotes: known ones decoded, unknown ones keep the backslash")
    func systemdEscapes() {
        let words = split(#""a\tb" 'x\=y' "q\"r" "\x41\101" "n\qz""#)
        #expect(words.map(\.text) == ["a\tb", "x\\=y", "q\"r", "AA", "n\\qz"])
        let shell = split(#""a\tb" "n\qz""#, .shell)
        #expect(shell.map(\.text) == ["a\\tb", "n\\qz"])
    }
}
