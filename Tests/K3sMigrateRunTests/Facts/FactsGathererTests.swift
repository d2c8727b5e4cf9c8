import Foundation
import Testing
import K3sMigrateCore
@testable import K3sMigrateRun

@Suite("Fact gathering")
struct FactsGathererTests {
    struct Unreachable: Error, CustomStringConvertible {
        var description: String { "connection refused" }
    }

    /// Counts commands running at once.
    actor Concurrency {
        private(set) var running = 0
        private(set) var peak = 0
        func enter() { running += 1; peak = max(peak, running) }
        func leave() { running -= 1 }
    }

    @Test func oneCommandPerHost() async throws {
        let remote = FakeRemoteHost(name: "s1") { _ in
            CommandResult(stdout: FactsScriptOutputTests.sample(), exitStatus: 0)
        }
        let facts = try await FactsGatherer.gather(host: FactsTestSupport.host("s1"), on: remote)
        #expect(remote.commands.count == 1)
        #expect(facts.k3sVersion == K3sVersion(1, 25, 16, k3s: 4))
        #expect(facts.file(K3sPaths.config)?.mode == 0o600)
    }

    @Test func failedScriptIsAnError() async throws {
        let remote = FakeRemoteHost(name: "s1") { _ in
            CommandResult(stderr: Array("sudo: a password is required\n".utf8), exitStatus: 1)
        }
        await #expect(throws: FactsGatherError.scriptFailed(exitStatus: 1, signal: nil, detail: "sudo: a password is required")) {
            try await FactsGatherer.gather(host: FactsTestSupport.host("s1"), on: remote)
        }
    }

    @Test func failingHostsBecomeDiagnosticsAndOthersContinue() async throws {
        let hosts = [FactsTestSupport.host("s1"), FactsTestSupport.host("s2"), FactsTestSupport.host("a1", role: .agent)]
        let opened = Opened()
        let (fleet, diagnostics) = await FactsGatherer.gatherAll(inventory: FactsTestSupport.inventory(hosts), connect: { host in
            if host.name == "s2" { throw Unreachable() }
            let remote = FakeRemoteHost(name: host.name) { _ in
                host.name == "a1"
                    ? CommandResult(stdout: FramedOutput.bytes([], finished: false), exitStatus: 0)
                    : CommandResult(stdout: FactsScriptOutputTests.sample(), exitStatus: 0)
            }
            await opened.add(remote)
            return remote
        }, maxParallel: 2)
        #expect(fleet.hosts.keys.sorted() == ["s1"])
        #expect(diagnostics.count == 2)
        #expect(diagnostics.map(\.host) == ["a1", "s2"])
        #expect(diagnostics.allSatisfy { $0.severity == .error && $0.rule == "facts-gather" })
        #expect(diagnostics.last?.message == "cannot gather facts: connection refused")
        #expect(diagnostics.first?.message.contains("cut short") == true)
        #expect(await opened.all.allSatisfy(\.closed), "every session is closed, failed or not")
    }

    @Test func parallelismIsBounded() async throws {
        let hosts = (1...7).map { FactsTestSupport.host("n\($0)") }
        let concurrency = Concurrency()
        let (fleet, diagnostics) = await FactsGatherer.gatherAll(hosts: hosts, connect: { host in
            FakeRemoteHost(name: host.name) { _ in
                await concurrency.enter()
                for _ in 0..<20 { await Task.yield() }
                await concurrency.leave()
                return CommandResult(stdout: FactsScriptOutputTests.sample(), exitStatus: 0)
            }
        }, maxParallel: 3, closeWhenDone: false)
        #expect(diagnostics.isEmpty)
        #expect(fleet.hosts.count == 7)
        #expect(await concurrency.peak <= 3)
        #expect(await concurrency.peak >= 1)
    }

    actor Opened {
        private(set) var all: [FakeRemoteHost] = []
        func add(_ remote: FakeRemoteHost) { all.append(remote) }
    }

    /// Runs the real script with the local /bin/sh, with stand-ins for k3s, ip, modprobe and the
    /// firewall tools first on PATH. Needs a machine without K3s files, so nothing real is read.
    @Test(.enabled(if: !FactPaths.all.contains { path in
        if case .file(let file) = path { return FileManager.default.fileExists(atPath: file) }
        return false
    } && FileManager.default.isExecutableFile(atPath: "/bin/sh")))
    func realScriptThroughTheLocalShell() async throws {
        let bin = try FactsTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: bin) }
        func tool(_ name: String, _ body: String) throws {
            try FactsTestSupport.write("#!/bin/sh\n" + body + "\n", to: bin + "/" + name)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin + "/" + name)
        }
        try tool("k3s", "echo 'k3s version v1.28.5+k3s1 (5b2d1271)'; echo 'go version go1.20.12'")
        try tool("modprobe", "[ \"$3\" = wireguard ]")
        try tool("ip", """
        case "$*" in
          *link*) cat <<'EOF'
        \(SampleIPOutput.links)
        EOF
          ;;
          *addr*) cat <<'EOF'
        \(SampleIPOutput.addresses)
        EOF
          ;;
        esac
        """)
        try tool("iptables-save", "printf '*filter\\n:INPUT ACCEPT [0:0]\\n-A INPUT -m comment --comment \"cilium-feeder: CILIUM_INPUT\" -j CILIUM_INPUT\\nCOMMIT\\n'")
        try tool("ip6tables-save", "true")
        try tool("iptables-legacy-save", "true")
        try tool("ip6tables-legacy-save", "true")

        let probe = #"printf '%s\n' "198.51.100.77" 'second line'; echo "it's \"quoted\" $(echo not-first)""#
        let host = FactsTestSupport.host("s1", externalIP: .command(probe))
        let remote = FakeRemoteHost(name: "s1") { command in try await LocalShell.run(command.script, extraPath: bin) }
        let facts = try await FactsGatherer.gather(host: host, on: remote, firewall: true)

        #expect(facts.k3sVersion == K3sVersion(1, 28, 5, k3s: 1))
        #expect(facts.kernelModules?.contains("wireguard") == true)
        #expect(facts.interfaces == ["lo", "eth0", "eth1", "flannel.1", "cni0", "veth1a2b3c4d", "cilium_host"])
        #expect(facts.addresses["eth1"] == ["203.0.113.7", "203.0.113.8"])
        #expect(facts.probes == ["external-ip": "198.51.100.77", HostFacts.swanctlProbe: "no"])
        #expect(facts.firewallDumps.keys.sorted() == ["iptables"])
        #expect(facts.firewallDumps["iptables"]?.contains("cilium-feeder: CILIUM_INPUT") == true)
        #expect(facts.sysctls["net.ipv4.ip_forward"] != nil, "read from /proc/sys")
        #expect(facts.files.isEmpty)
    }
}
