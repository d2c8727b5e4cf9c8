import Foundation
import K3sMigrateCore
@testable import K3sMigrateSSH
import Testing

@Suite("Resolving inventory hosts to SSH targets")
struct SSHTargetResolveTests {
    private func host(_ name: String, _ address: String, _ ssh: SSHOptions = SSHOptions()) -> K3sMigrateCore.Host {
        Host(name: name, address: address, role: .server, ssh: ssh, location: SourceLocation(file: "inventory.yaml", line: 4))
    }

    private func withConfig(_ text: String, _ body: (String, String) throws -> Void) throws {
        let directory = try TemporaryDirectory(prefix: "k3smigrate-sshcfg")
        defer { directory.remove() }
        try directory.write("config", text)
        try body(directory.file("config"), directory.path)
    }

    @Test func openSSHDefaultsFillTheGaps() throws {
        let target = try SSHTarget.resolve(host: host("web1", "10.0.0.5"), environment: ["HOME": "/nohome"])
        #expect(target.port == 22)
        #expect(target.user == LocalUser.name(environment: [:]))
        #expect(target.knownHostsPath == "/nohome/.ssh/known_hosts")
        #expect(target.hostKeyPolicy == .strict)
        #expect(target.identityFiles.isEmpty)
        #expect(target.connectTimeout == 10)
        #expect(target.jump == nil)
        #expect(target.location?.line == 4)
    }

    @Test func inventoryValuesBeatTheConfigFileAndDefaultsFillIn() throws {
        try withConfig("""
            Host web1
              User cfguser
              Port 2200
              IdentityFile ~/.ssh/cfg_key
              UserKnownHostsFile %d/kh/%h
            """) { path, home in
            let defaults = SSHOptions(user: "ops", hostKeyPolicy: .acceptNew, sshConfig: path)
            let target = try SSHTarget.resolve(host: host("web1", "10.0.0.5", SSHOptions(port: 2022, become: .sudo)),
                                               defaults: defaults, environment: ["HOME": home])
            #expect(target.user == "ops")
            #expect(target.port == 2022)
            #expect(target.identityFiles == ["\(home)/.ssh/cfg_key"])
            #expect(target.knownHostsPath == "\(home)/kh/10.0.0.5")
            #expect(target.hostKeyPolicy == .acceptNew)
            #expect(target.become == .sudo)
        }
    }

    @Test func hostNameFromTheConfigReplacesTheAddress() throws {
        try withConfig("Host web1\n  HostName %h.internal\n") { path, home in
            let target = try SSHTarget.resolve(host: host("web1", "web1", SSHOptions(sshConfig: path)),
                                               environment: ["HOME": home])
            #expect(target.address == "web1.internal")
            #expect(target.name == "web1")
            #expect(target.knownHostsName == "web1.internal")
        }
    }

    @Test func proxyJumpChainsAreBuiltOutermostFirst() throws {
        try withConfig("""
            Host inner-bastion
              User jumper
              IdentityFile ~/.ssh/jump_key
            Host web*
              ProxyJump admin@outer:2201,inner-bastion
            """) { path, home in
            let target = try SSHTarget.resolve(host: host("web1", "10.0.0.5", SSHOptions(user: "root", sshConfig: path)),
                                               environment: ["HOME": home])
            let last = try #require(target.jump)
            #expect(last.address == "inner-bastion")
            #expect(last.user == "jumper")
            #expect(last.port == 22)
            #expect(last.identityFiles == ["\(home)/.ssh/jump_key"])
            #expect(last.become == nil)
            let first = try #require(last.jump)
            #expect(first.address == "outer")
            #expect(first.user == "admin")
            #expect(first.port == 2201)
            #expect(first.jump == nil)
            #expect(target.connectionKey == "admin@outer:2201>jumper@inner-bastion:22>root@10.0.0.5:22")
        }
    }

    @Test func inventoryJumpNoneAndStrictnessMapping() throws {
        try withConfig("Host *\n  ProxyJump bastion\n  StrictHostKeyChecking no\n") { path, home in
            let none = host("web1", "10.0.0.5", SSHOptions(hostKeyPolicy: .strict, jump: "none", sshConfig: path))
            let resolved = try SSHTarget.resolve(host: none, environment: ["HOME": home])
            #expect(resolved.jump == nil)
            let loose = host("web1", "10.0.0.5", SSHOptions(sshConfig: path))
            #expect(throws: SSHError.self) { try SSHTarget.resolve(host: loose, environment: ["HOME": home]) }
        }
    }

    @Test func aBadJumpSpecNamesTheInventoryLine() {
        let bad = host("web1", "10.0.0.5", SSHOptions(jump: "root@bastion:notaport"))
        #expect(throws: SSHError.configInvalid(file: "inventory.yaml", line: 4,
                                               message: "host web1: jump host must be [user@]host[:port], not root@bastion:notaport")) {
            try SSHTarget.resolve(host: bad)
        }
    }

    @Test func configWarningsAreTaggedWithTheHost() throws {
        try withConfig("Include other\nHost x\n  User y\n") { path, home in
            var warnings: [Diagnostic] = []
            _ = try SSHTarget.resolve(host: host("web1", "10.0.0.5", SSHOptions(sshConfig: path)), defaults: nil,
                                      environment: ["HOME": home], warnings: &warnings)
            #expect(warnings.count == 1)
            #expect(warnings.first?.host == "web1")
            #expect(warnings.first?.location?.line == 1)
        }
    }

    @Test(arguments: [
        ("bastion", JumpSpec(host: "bastion")),
        ("ops@bastion", JumpSpec(user: "ops", host: "bastion")),
        ("ops@bastion:2222", JumpSpec(user: "ops", host: "bastion", port: 2222)),
        ("[2001:db8::1]:2222", JumpSpec(host: "2001:db8::1", port: 2222)),
        ("2001:db8::1", JumpSpec(host: "2001:db8::1")),
        ("ssh://me@h:23", JumpSpec(user: "me", host: "h", port: 23)),
    ])
    func jumpSpecs(text: String, expected: JumpSpec) {
        #expect(JumpSpec.parse(text) == expected)
    }

    @Test func badJumpSpecsAreRejected() {
        for text in ["", "@host", "host:0", "host:x", "[::1", "a b"] {
            #expect(JumpSpec.parse(text) == nil, "\(text)")
        }
    }
}
