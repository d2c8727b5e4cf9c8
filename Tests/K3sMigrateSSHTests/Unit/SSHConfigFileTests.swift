@testable import K3sMigrateSSH
import Testing

@Suite("ssh_config parsing")
struct SSHConfigFileTests {
    static let text = """
        # global settings apply to every host
        ConnectTimeout 7

        Host web1 web2
            HostName 10.0.0.%h
            User admin
            IdentityFile ~/.ssh/web_ed25519

        Host web* !web3
            User ignored-because-first-value-wins
            Port 2200
            IdentityFile "~/.ssh/second key"
            ProxyJump ops@bastion:2222

        Host=bastion
            Port = 2222
            UserKnownHostsFile ~/.ssh/known_hosts.bastion ~/.ssh/other

        Match exec "true"
            User never

        Host *
            User fallback
            StrictHostKeyChecking accept-new
        """

    @Test func firstValueWinsAndIdentityFilesAccumulate() throws {
        let config = try SSHConfigFile.parse(Self.text, path: "cfg")
        let web1 = try config.options(for: ["web1"])
        #expect(web1.hostName == "10.0.0.%h")
        #expect(web1.user == "admin")
        #expect(web1.port == 2200)
        #expect(web1.connectTimeout == 7)
        #expect(web1.identityFiles == ["~/.ssh/web_ed25519", "~/.ssh/second key"])
        #expect(web1.proxyJump == "ops@bastion:2222")
        #expect(web1.strictHostKeyChecking == "accept-new")
    }

    @Test func negatedPatternsExcludeAHost() throws {
        let config = try SSHConfigFile.parse(Self.text, path: "cfg")
        let web3 = try config.options(for: ["web3"])
        #expect(web3.user == "fallback")
        #expect(web3.port == nil)
        #expect(web3.proxyJump == nil)
    }

    @Test func equalsSyntaxAndFirstOfSeveralKnownHostsFiles() throws {
        let config = try SSHConfigFile.parse(Self.text, path: "cfg")
        let bastion = try config.options(for: ["bastion"])
        #expect(bastion.port == 2222)
        #expect(bastion.userKnownHostsFile == "~/.ssh/known_hosts.bastion")
        #expect(bastion.user == "fallback")
    }

    @Test func anyOfSeveralNamesSelectsABlock() throws {
        let config = try SSHConfigFile.parse(Self.text, path: "cfg")
        #expect(try config.options(for: ["192.0.2.10", "web2"]).user == "admin")
    }

    @Test func matchAndIncludeAreReportedNotSilentlyIgnored() throws {
        let config = try SSHConfigFile.parse(Self.text + "\nInclude conf.d/*\n", path: "cfg")
        #expect(config.warnings.map { $0.location?.line } == [19, 25])
        #expect(config.warnings.allSatisfy { $0.rule == "ssh-config-unsupported" })
        #expect(try config.options(for: ["anything"]).user == "fallback")
    }

    @Test func badValuesNameFileAndLine() {
        #expect(throws: SSHError.configInvalid(file: "cfg", line: 2, message: "Port must be 1-65535, not 99999")) {
            try SSHConfigFile.parse("Host x\n  Port 99999\n", path: "cfg").options(for: ["x"])
        }
        #expect(throws: SSHError.configInvalid(file: "cfg", line: 1, message: "unterminated quote")) {
            try SSHConfigFile.parse("IdentityFile \"oops\n", path: "cfg")
        }
    }
}
