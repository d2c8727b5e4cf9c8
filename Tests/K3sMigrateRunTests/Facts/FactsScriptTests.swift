import Foundation
import Testing
import K3sMigrateCore
@testable import K3sMigrateRun

@Suite("Fact script")
struct FactsScriptTests {
    @Test func readsEveryFactPathWithQuotedWords() {
        let script = FactsScript.command(externalIP: nil, firewall: false).script
        #expect(script.contains("emit_file /etc/rancher/k3s/config.yaml;"))
        #expect(script.contains("emit_dir /etc/rancher/k3s/config.yaml.d '*.yaml' '*.yml';"))
        #expect(script.contains("emit_dir /etc/sysctl.d '*k3s*.conf';"))
        for case .file(let path) in FactPaths.all { #expect(script.contains("emit_file \(path);")) }
        #expect(script.contains("emit_modules wireguard;"))
        #expect(script.contains("emit_sysctls net.ipv4.ip_forward net.ipv6.conf.all.forwarding"))
        #expect(!script.contains(".env'"), "no env file is ever named")
        #expect(script.hasSuffix("printf '@@done\\n'"))
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
        #expect(script.contains("emit_probe external-ip 20 " + ShellCommand.quote(probe) + "; printf '@@done"))
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
