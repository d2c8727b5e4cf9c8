import Foundation
import Testing
@testable import K3sMigrateCore

@Suite("Shell quoting")
struct ShellCommandTests {
    @Test("plain words stay bare, everything else is single-quoted")
    func quoting() {
        #expect(ShellCommand("systemctl", "restart", "k3s").script == "systemctl restart k3s")
        #expect(ShellCommand("echo", "a b").script == "echo 'a b'")
        #expect(ShellCommand("echo", "it's").script == "echo 'it'\\''s'")
        #expect(ShellCommand("echo", "").script == "echo ''")
        #expect(ShellCommand("echo", "$(reboot)", "`id`", "a;b", "x|y", "*").script == "echo '$(reboot)' '`id`' 'a;b' 'x|y' '*'")
    }

    @Test("hostile inventory values survive a real shell as one literal word each")
    func roundTripThroughSh() throws {
        let hostile = ["a b", "it's", "$(touch /tmp/pwned)", "`id`", "x\ny", "'\"", "--flag=$HOME", "\\", "é ü"]
        let command = ShellCommand(words: ["printf", "%s\\0"] + hostile)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command.script]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let words = String(decoding: data, as: UTF8.self).split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(words == hostile)
    }

    @Test("combinators keep each side quoted")
    func combinators() {
        let command = ShellCommand("test", "-d", "/sys/module/x y").or(ShellCommand("modprobe", "-n", "x y"))
        #expect(command.script == "test -d '/sys/module/x y' || modprobe -n 'x y'")
        #expect(ShellCommand("true").withSudo.script == "sudo -n -- sh -c true")
        #expect(ShellCommand("echo", "a b").withTimeout(seconds: 5).script == "timeout 5 sh -c 'echo '\\''a b'\\'''")
        #expect(ShellCommand("cat").redirect(to: "/tmp/a b").script == "cat > '/tmp/a b'")
    }
}
