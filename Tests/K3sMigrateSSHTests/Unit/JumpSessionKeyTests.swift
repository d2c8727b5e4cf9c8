import K3sMigrateCore
@testable import K3sMigrateSSH
import Testing

/// Jump sessions are shared only by targets whose jump host is verified and authenticated alike.
@Suite struct JumpSessionKeyTests {
    static let bastion = SSHTarget(name: "bastion", address: "10.0.0.1", user: "jump", identityFiles: ["/k/a"],
                                   knownHostsPath: "/kh/one", hostKeyPolicy: .strict)

    @Test func sameJumpSettingsShareOneKey() {
        var other = Self.bastion
        other.name = "bastion-as-named-elsewhere"
        other.location = SourceLocation(file: "inv.yaml", line: 9)
        #expect(Self.bastion.sessionKey == other.sessionKey)
    }

    @Test(arguments: ["knownHosts", "policy", "identity", "agent", "agentSocket", "passphrase", "outerJump", "port", "user"])
    func anyVerificationOrIdentityDifferenceSplitsTheKey(_ what: String) {
        var other = Self.bastion
        switch what {
        case "knownHosts": other.knownHostsPath = "/kh/two"
        case "policy": other.hostKeyPolicy = .acceptNew
        case "identity": other.identityFiles = ["/k/b"]
        case "agent": other.useAgent = false
        case "agentSocket": other.agentSocket = "/run/other-agent.sock"
        case "passphrase": other.passphraseEnvironmentVariable = "OTHER_PASSPHRASE"
        case "outerJump": other.jump = SSHTarget(name: "outer", address: "10.0.0.2", user: "jump", knownHostsPath: "/kh/one")
        case "port": other.port = 2222
        default: other.user = "someone"
        }
        #expect(Self.bastion.sessionKey != other.sessionKey, "\(what)")
        // The machine is the same unless the address, port, user or chain differ.
        if ["knownHosts", "policy", "identity", "agent", "agentSocket", "passphrase"].contains(what) {
            #expect(Self.bastion.connectionKey == other.connectionKey)
        }
    }

    @Test func theOuterJumpsSettingsCountToo() {
        let outer = SSHTarget(name: "outer", address: "10.0.0.2", user: "jump", knownHostsPath: "/kh/one")
        var a = Self.bastion, b = Self.bastion
        a.jump = outer
        var strictOuter = outer
        strictOuter.knownHostsPath = "/kh/two"
        b.jump = strictOuter
        #expect(a.connectionKey == b.connectionKey)
        #expect(a.sessionKey != b.sessionKey)
    }
}
