import Foundation
import Testing
import K3sMigrateCore
@testable import K3sMigrateRun

@Suite("Fact script")
struct FactsScriptTests {
    @Test func readsEveryFactPathWithQuotedWords() {
        let script = FactsScript.command(externalIP: nil, firewall: false).script
        #expect(script.contains("emit_file /etc/rancher/k3s/config.yaml;"))
        #expect(script.contains("emit_dir /etc/rancher/k3s/config.yaml.d '*.[yY][aA][mM][lL]' '*.[yY][mM][lL]';"))
        #expect(script.contains("emit_dir /etc/systemd/system 'k3s*.service.env';"))
        #expect(script.contains("env_keep '\(EnvironmentFileReader.secretMarker)' K3S_AGENT_TOKEN_FILE K3S_APISERVER_BIND_ADDRESS"))
        #expect(!script.contains(" K3S_TOKEN ") && !script.contains(" K3S_VPN_AUTH ") && !script.contains(" K3S_DATASTORE_ENDPOINT "),
                "secret variables are not among those whose values are sent")
        #expect(script.contains("emit_dir /etc/sysctl.d '*k3s*.conf';"))
        for case .file(let path) in FactPaths.all { #expect(script.contains("emit_file \(path);")) }
        #expect(script.contains("emit_modules wireguard;"))
        #expect(script.contains("emit_sysctls net.ipv4.ip_forward net.ipv6.conf.all.forwarding"))
        #expect(script.hasSuffix("printf '@@done\\n'"))
    }

    @Test("the host sends env files with secret values replaced (real /bin/sh)", .enabled(if: FileManager.default.isExecutableFile(atPath: "/bin/sh")))
    func envFileSanitizedOnTheHost() async throws {
        let dir = try FactsTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/k3s.service.env"
        let text = "K3S_TOKEN='K10secret::server:abc'\n  export K3S_URL='https://10.0.0.1:6443'\n# K3S_AGENT_TOKEN=commented-secret\nK3S_VPN_AUTH=\"name=tailscale,joinKey=tskey-xyz\"\nno assignment = here\nK3S_NODE_NAME=Edge-1\nNO_PROXY=x\r\nK3S_DATASTORE_ENDPOINT=mysql://u:pw@tcp(db)/k3s"
        try FactsTestSupport.write(text, to: path)
        let remote = FakeRemoteHost(name: "s1") { command in try await LocalShell.run(command.script, extraPath: dir) }
        let result = try await remote.run(FactsScript.command(paths: [.file(path)]), timeoutSeconds: 30)
        let facts = try FactsScriptOutput.parse(result.stdout).hostFacts(for: FactsTestSupport.host("s1"), allowing: [.file(path)])
        let sent = try #require(facts.file(path)?.text)
        let m = EnvironmentFileReader.secretMarker
        #expect(sent == "K3S_TOKEN=\(m)\n  export K3S_URL='https://10.0.0.1:6443'\n\nK3S_VPN_AUTH=\(m)\n\nK3S_NODE_NAME=Edge-1\nNO_PROXY=\(m)\nK3S_DATASTORE_ENDPOINT=\(m)\n")
        for secret in ["K10secret", "commented-secret", "tskey-xyz", "pw@"] { #expect(!sent.contains(secret)) }
        #expect(sent == EnvironmentFileReader.sanitized(text), "the host and k3smigrate sanitize alike")
    }

    @Test func firewallDumpsOnlyWhenAsked() {
        #expect(!FactsScript.command(externalIP: nil, firewall: false).script.contains("emit_fw "))
        let script = FactsScript.command(externalIP: nil, firewall: true).script
        #expect(script.contains("emit_fw iptables-save iptables;"))
        #expect(script.contains("emit_fw ip6tables-save ip6tables;"))
    }

    @Test func probeCommandIsOneQuotedWord() {
        let probe = #"curl -s "https://x/?a=1&b=2" | awk '{print $1}'; rm -rf /tmp/nothing"#
        let script = FactsScript.command(externalIP: .command(probe), firewall: false).script
        #expect(script.contains("emit_probe external-ip 20 " + ShellCommand.quote(probe) + "; emit_nodes 20; printf '@@done"))
        #expect(FactsScript.command(externalIP: .interface("eth1"), firewall: false).script.contains("emit_probe external-ip") == false)
    }

    @Test func scriptIsValidPOSIXShell() throws {
        let script = FactsScript.command(externalIP: .command("echo 'it''s' \"$HOME\""), firewall: true).script
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-n", "-c", script]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}
