import K3sMigrateCore
@testable import K3sMigrateSSH
import Testing

@Suite("Remote command scripts and their parsing")
struct RemoteCommandTests {
    @Test func commandsAreWrappedInTimeoutAndThenSudo() {
        let command = ShellCommand("cat", "/etc/rancher/k3s/config.yaml")
        #expect(RemoteCommandWrapper.script(command, timeoutSeconds: 30, become: nil)
                == "exec timeout 30 sh -c 'cat /etc/rancher/k3s/config.yaml'")
        #expect(RemoteCommandWrapper.script(command, timeoutSeconds: 30, become: .sudo)
                == "exec sudo -n -- sh -c 'exec timeout 30 sh -c '\\''cat /etc/rancher/k3s/config.yaml'\\'''")
        #expect(RemoteCommandWrapper.script(command, timeoutSeconds: 0, become: nil)
                == "exec sh -c 'cat /etc/rancher/k3s/config.yaml'")
    }

    @Test func readOutputIsSplitIntoModeOwnerTargetAndContent() throws {
        let output = Array("640 nobody nogroup\n/etc/real/config.yaml\nline1\nline2\n".utf8)
        let fact = try #require(RemoteFileScripts.parseRead(output, path: "/etc/rancher/k3s/config.yaml"))
        #expect(fact.mode == 0o640)
        #expect(fact.owner == "nobody")
        #expect(fact.group == "nogroup")
        #expect(fact.symlinkTarget == "/etc/real/config.yaml")
        #expect(fact.text == "line1\nline2\n")
        #expect(fact.path == "/etc/rancher/k3s/config.yaml")
    }

    @Test func aFileThatIsNotALinkHasNoTargetAndMayBeEmpty() throws {
        let fact = try #require(RemoteFileScripts.parseRead(Array("4755 root root\n/x\n".utf8), path: "/x"))
        #expect(fact.mode == 0o4755)
        #expect(fact.symlinkTarget == nil)
        #expect(fact.content.isEmpty)
        #expect(RemoteFileScripts.parseRead(Array("garbage".utf8), path: "/x") == nil)
        #expect(RemoteFileScripts.parseRead(Array("rw root root\n/x\n".utf8), path: "/x") == nil)
    }

    @Test func theReadCommandQuotesThePath() {
        let script = RemoteFileScripts.read("/etc/it's here").script
        #expect(script.hasPrefix("test -e '/etc/it'\\''s here' || exit 44; stat -L -c '%a %U %G' --"))
        #expect(script.hasSuffix("cat -- '/etc/it'\\''s here'"))
    }

    @Test func theWriteCommandPassesValuesAsArgumentsNotScript() {
        let command = RemoteFileScripts.write("/etc/$(reboot)", size: 12, mode: 0o640, owner: "root", group: nil)
        #expect(command.script.hasSuffix("k3smigrate-write '/etc/$(reboot)' 640 root '' 12"))
    }
}
