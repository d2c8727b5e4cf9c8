import Foundation
import Testing
import K3sMigrateCore
@testable import K3sMigrateRun

@Suite("Fact script output")
struct FactsScriptOutputTests {
    static let config = "flannel-backend: wireguard\ntoken: abc\n"

    static func sample(externalIP: String? = nil) -> [UInt8] {
        var frames: [FramedOutput.Frame] = [
            .section("k3s-version", "k3s version v1.25.16+k3s4 (b2e7a5d3)\ngo version go1.20.10\n"),
            .section("links", SampleIPOutput.links + "\n"),
            .section("addrs", SampleIPOutput.addresses + "\n"),
            .section("modules", "wireguard yes\n"),
            .section("sysctl", "net.ipv4.ip_forward=1\nnet.ipv6.conf.all.accept_ra=2\n"),
            .file(path: "/etc/rancher/k3s/config.yaml", stat: "600:root:root", link: "/data/k3s/config.yaml", content: config),
            .file(path: "/etc/rancher/k3s/config.yaml.d/10 extra.yaml", stat: "644:root:adm", link: nil, content: ""),
            .file(path: "/etc/systemd/system/k3s.service", stat: "644:root:root", link: nil, content: "[Unit]\n"),
            .section("firewall iptables", "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n"),
            .section("firewall iptables-legacy", ""),
        ]
        if let externalIP { frames.append(.section("probe external-ip", externalIP)) }
        return FramedOutput.bytes(frames)
    }

    @Test func decodesEveryFact() throws {
        let host = FactsTestSupport.host("s1", externalIP: .command("curl -s https://ifconfig.me"))
        let facts = try FactsScriptOutput.parse(Self.sample(externalIP: "198.51.100.9\nnoise\n")).hostFacts(for: host)
        #expect(facts.host == "s1")
        #expect(facts.k3sVersion == K3sVersion(1, 25, 16, k3s: 4))
        #expect(facts.kernelModules == ["wireguard"])
        #expect(facts.interfaces == ["lo", "eth0", "eth1", "flannel.1", "cni0", "veth1a2b3c4d", "cilium_host"])
        #expect(facts.addresses == ["eth0": ["10.0.0.11", "2001:db8::11"], "eth1": ["203.0.113.7", "203.0.113.8"],
                                    "flannel.1": ["10.42.0.0"]])
        #expect(facts.sysctls == ["net.ipv4.ip_forward": "1", "net.ipv6.conf.all.accept_ra": "2"])
        #expect(facts.firewallDumps == ["iptables": "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n"], "an empty dump is no dump")
        #expect(facts.probes == ["external-ip": "198.51.100.9"])

        let config = try #require(facts.file(K3sPaths.config))
        #expect(config.text == Self.config)
        #expect(config.mode == 0o600)
        #expect(config.owner == "root")
        #expect(config.group == "root")
        #expect(config.symlinkTarget == "/data/k3s/config.yaml")
        let dropIn = try #require(facts.file("/etc/rancher/k3s/config.yaml.d/10 extra.yaml"))
        #expect(dropIn.content.isEmpty)
        #expect(dropIn.group == "adm")
        #expect(facts.files.count == 3)
    }

    @Test func bytesOfFilesStayExact() throws {
        let weird = "a: \"caf\u{E9}\"\r\n\tb: x\u{0}\n@@done\n"
        let output = FramedOutput.bytes([.file(path: K3sPaths.config, stat: "600:root:root", link: nil, content: weird)])
        let facts = try FactsScriptOutput.parse(output).hostFacts(for: FactsTestSupport.host("s1"))
        #expect(facts.file(K3sPaths.config)?.content == Array(weird.utf8))
    }

    @Test func externalIPFromAnInterfaceOrAnAddress() throws {
        let byInterface = try FactsScriptOutput.parse(Self.sample())
            .hostFacts(for: FactsTestSupport.host("s1", externalIP: .interface("eth1")))
        #expect(byInterface.probes["external-ip"] == "203.0.113.7")
        let missing = try FactsScriptOutput.parse(Self.sample())
            .hostFacts(for: FactsTestSupport.host("s1", externalIP: .interface("wan9")))
        #expect(missing.probes["external-ip"] == nil)
        let fixed = try FactsScriptOutput.parse(Self.sample())
            .hostFacts(for: FactsTestSupport.host("s1", externalIP: .address("192.0.2.1")))
        #expect(fixed.probes["external-ip"] == "192.0.2.1")
        let emptyProbe = try FactsScriptOutput.parse(Self.sample(externalIP: ""))
            .hostFacts(for: FactsTestSupport.host("s1", externalIP: .command("false")))
        #expect(emptyProbe.probes.isEmpty)
    }

    @Test func unknownWhenSectionsAreEmpty() throws {
        let output = FramedOutput.bytes([.section("k3s-version", ""), .section("links", ""), .section("addrs", ""),
                                         .section("modules", "wireguard no\n"), .section("sysctl", "")])
        let facts = try FactsScriptOutput.parse(output).hostFacts(for: FactsTestSupport.host("a1", role: .agent))
        #expect(facts.k3sVersion == nil)
        #expect(facts.interfaces == nil, "ip printed nothing: not known, rather than no interfaces")
        #expect(facts.kernelModules == [], "probed: wireguard is not available")
        #expect(facts.addresses.isEmpty)
        #expect(facts.files.isEmpty)
    }

    @Test func shellStartupNoiseBeforeTheMarkerIsSkipped() throws {
        let noisy = Array("Welcome to Ubuntu\nlast login...\n".utf8) + Self.sample()
        #expect(try FactsScriptOutput.parse(noisy).sections["k3s-version"]?.hasPrefix("k3s version") == true)
    }

    @Test("env files are kept only sanitized, whatever the host sent; stray paths never")
    func envFilesSanitizedAndStrayPathsNeverKept() throws {
        let output = FramedOutput.bytes([
            .file(path: "/etc/systemd/system/k3s.service.env", stat: "600:root:root", link: nil, content: "K3S_TOKEN=secret\nK3S_URL=https://a:6443\n"),
            .file(path: "/etc/shadow", stat: "640:root:shadow", link: nil, content: "root:x\n"),
        ])
        let facts = try FactsScriptOutput.parse(output).hostFacts(for: FactsTestSupport.host("s1"))
        #expect(facts.files.keys.sorted() == ["/etc/systemd/system/k3s.service.env"])
        #expect(facts.files.values.first?.text == "K3S_TOKEN=\(EnvironmentFileReader.secretMarker)\nK3S_URL=https://a:6443\n")
    }

    @Test func truncatedOutputIsAnError() {
        let cut = FramedOutput.bytes([.section("k3s-version", "k3s version v1.25.16+k3s4\n")], finished: false)
        #expect(throws: FactsGatherError.incompleteOutput("no end marker: the output was cut short")) {
            try FactsScriptOutput.parse(cut)
        }
        #expect(throws: FactsGatherError.self) { try FactsScriptOutput.parse(Array("sudo: a password is required\n".utf8)) }
    }

    @Test func unreadableFileIsAnErrorThatSaysWhatToDo() throws {
        let output = FramedOutput.bytes([.unreadable(K3sPaths.config)])
        do {
            _ = try FactsScriptOutput.parse(output)
            Issue.record("expected an error")
        } catch {
            #expect(error == .unreadable(path: K3sPaths.config))
            #expect(error.description.contains("become: sudo"))
        }
    }

    @Test func malformedFrames() {
        #expect(throws: FactsGatherError.malformed(line: 2, reason: "unknown frame '@@bogus'")) {
            try FactsScriptOutput.parse(FramedOutput.bytes([.raw("@@bogus")]))
        }
        #expect(throws: FactsGatherError.malformed(line: 2, reason: "invalid base64")) {
            try FactsScriptOutput.parse(FramedOutput.bytes([.raw("@@section links"), .raw("not*base64")]))
        }
        #expect(throws: FactsGatherError.malformed(line: 2, reason: "data outside any frame")) {
            try FactsScriptOutput.parse(FramedOutput.bytes([.raw("stray")]))
        }
    }
}
