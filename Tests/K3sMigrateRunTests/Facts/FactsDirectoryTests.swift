import Foundation
import Testing
import K3sMigrateCore
@testable import K3sMigrateRun

@Suite("Facts directory")
struct FactsDirectoryTests {
    typealias Support = FactsTestSupport

    static let factsYAML = """
    k3s_version: v1.25.16+k3s4
    kernel_modules: [wireguard]
    interfaces: [eth0, flannel.1]
    addresses: { eth1: [203.0.113.7], eth2: 198.51.100.3 }
    sysctls: { net.ipv6.conf.all.accept_ra: "1" }
    probes: { external-ip: 203.0.113.7 }
    files:
      /etc/rancher/k3s/config.yaml: { mode: "0600", owner: root, group: root }
      /etc/systemd/system/k3s.service: { mode: 644 }
    firewall: { iptables: iptables.rules }
    """

    /// s1: every kind of file, a symlinked config.yaml, facts.yaml; a1: a unit only.
    static func makeFleet(in dir: String) throws {
        let s1 = dir + "/s1"
        try Support.write("flannel-backend: wireguard\n", to: s1 + "/srv/k3s/config.yaml")
        try FileManager.default.createDirectory(atPath: s1 + "/etc/rancher/k3s", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: s1 + "/etc/rancher/k3s/config.yaml", withDestinationPath: "/srv/k3s/config.yaml")
        try Support.write("node-label+: [a=b]\n", to: s1 + "/etc/rancher/k3s/config.yaml.d/10-labels.yaml")
        try Support.write("egress-selector-mode: pod\n", to: s1 + "/etc/rancher/k3s/config.yaml.d/20-egress.yml")
        try Support.write("not read\n", to: s1 + "/etc/rancher/k3s/config.yaml.d/README.txt")
        try Support.write("[Service]\nExecStart=/usr/local/bin/k3s server\n", to: s1 + "/etc/systemd/system/k3s.service")
        try Support.write("K3S_TOKEN=super-secret-token\n", to: s1 + "/etc/systemd/system/k3s.service.env")
        try Support.write("{\"name\": \"k8s-pod-network\"}\n", to: s1 + "/etc/cni/net.d/10-canal.conflist")
        try Support.write("{}\n", to: s1 + "/etc/cni/net.d/05-cilium.conflist")
        try Support.write("net.ipv6.conf.all.accept_ra = 2\n", to: s1 + "/etc/sysctl.d/90-k3s.conf")
        try Support.write("vm.swappiness = 1\n", to: s1 + "/etc/sysctl.d/99-other.conf")
        try Support.write("*filter\nCOMMIT\n", to: s1 + "/iptables.rules")
        try Support.write(factsYAML, to: s1 + "/facts.yaml")
        try Support.write("[Service]\nExecStart=/usr/local/bin/k3s agent\n", to: dir + "/a1/etc/systemd/system/k3s-agent.service")
    }

    static let hosts = [Support.host("s1"), Support.host("a1", role: .agent)]

    @Test func loadsTheLayout() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.makeFleet(in: dir)

        let fleet = try FactsDirectory.load(from: dir, inventory: Support.inventory(Self.hosts))
        let s1 = try #require(fleet["s1"])
        #expect(s1.files.keys.sorted() == [
            "/etc/cni/net.d/10-canal.conflist",
            "/etc/rancher/k3s/config.yaml",
            "/etc/rancher/k3s/config.yaml.d/10-labels.yaml",
            "/etc/rancher/k3s/config.yaml.d/20-egress.yml",
            "/etc/sysctl.d/90-k3s.conf",
            "/etc/systemd/system/k3s.service",
            "/etc/systemd/system/k3s.service.env",
        ])
        #expect(s1.file(K3sPaths.systemdEnv(.server))?.text == "K3S_TOKEN=\(EnvironmentFileReader.secretMarker)\n",
                "a hand-made env file is read sanitized: the token never reaches the model")
        let config = try #require(s1.file(K3sPaths.config))
        #expect(config.text == "flannel-backend: wireguard\n")
        #expect(config.symlinkTarget == "/srv/k3s/config.yaml")
        #expect(config.mode == 0o600)
        #expect(config.owner == "root")
        #expect(s1.file(K3sPaths.systemdUnit(.server))?.mode == 0o644)
        #expect(s1.file(K3sPaths.systemdUnit(.server))?.owner == nil)
        #expect(s1.file("/etc/rancher/k3s/config.yaml.d/10-labels.yaml")?.mode == nil, "no mode without facts.yaml saying so")
        #expect(s1.k3sVersion == K3sVersion(1, 25, 16, k3s: 4))
        #expect(s1.kernelModules == ["wireguard"])
        #expect(s1.interfaces == ["eth0", "flannel.1"])
        #expect(s1.addresses == ["eth1": ["203.0.113.7"], "eth2": ["198.51.100.3"]])
        #expect(s1.sysctls == ["net.ipv6.conf.all.accept_ra": "1"])
        #expect(s1.probes == ["external-ip": "203.0.113.7"])
        #expect(s1.firewallDumps == ["iptables": "*filter\nCOMMIT\n"])

        let a1 = try #require(fleet["a1"])
        #expect(a1.files.keys.sorted() == [K3sPaths.systemdUnit(.agent)])
        #expect(a1.k3sVersion == nil)
        #expect(a1.kernelModules == nil)
        #expect(a1.interfaces == nil)
        #expect(!fleet.hosts.values.contains { $0.files.values.contains { $0.text.contains("super-secret-token") } })
    }

    @Test func missingHostDirectoriesAreAllReported() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.makeFleet(in: dir)
        let hosts = Self.hosts + [Support.host("s2"), Support.host("a9", role: .agent)]
        do {
            _ = try FactsDirectory.load(from: dir, inventory: Support.inventory(hosts))
            Issue.record("expected missing directories to be reported")
        } catch {
            #expect(error.diagnostics.map(\.host) == ["s2", "a9"])
            #expect(error.diagnostics.allSatisfy { $0.rule == "facts-dir-missing" })
            #expect(error.diagnostics.first?.message.contains("expected \(dir)/s2/") == true)
        }
    }

    @Test func missingFactsDirectoryIsOneError() throws {
        do {
            _ = try FactsDirectory.load(from: "/nonexistent/k3smigrate-facts", hosts: Self.hosts)
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.count == 1)
            #expect(error.diagnostics.first?.description
                == "error: /nonexistent/k3smigrate-facts: the facts directory does not exist (it holds one directory per inventory host) [facts-dir-missing]")
        }
    }

    @Test func badFactsFileReportsEveryLine() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Support.write("[Service]\n", to: dir + "/s1/etc/systemd/system/k3s.service")
        try Support.write("""
        k3s_version: latest
        kernel_module: [wireguard]
        files:
          /etc/systemd/system/k3s.service: { mode: rw-r--r-- }
          /etc/rancher/k3s/config.yaml: { mode: "0600" }
        firewall: { iptables: missing.rules }
        """, to: dir + "/s1/facts.yaml")
        do {
            _ = try FactsDirectory.load(from: dir, hosts: [Support.host("s1")])
            Issue.record("expected facts.yaml problems")
        } catch {
            let byLine = Dictionary(grouping: error.diagnostics) { $0.location?.line ?? 0 }
            #expect(error.diagnostics.count == 5, "\(error.diagnostics.map(\.description))")
            #expect(error.diagnostics.allSatisfy { $0.host == "s1" && $0.location?.file == dir + "/s1/facts.yaml" })
            #expect(byLine[1]?.first?.message == "k3s_version 'latest' is not a K3s version such as v1.25.16+k3s4")
            #expect(byLine[2]?.first?.message == "unknown key 'kernel_module' in facts.yaml (did you mean 'kernel_modules'?)")
            #expect(byLine[4]?.first?.message.contains("must be octal") == true)
            #expect(byLine[5]?.first?.message.contains("describes no mirrored file: there is no") == true)
            #expect(byLine[6]?.first?.message.contains("firewall iptables names missing.rules") == true)
        }
    }

    @Test func invalidFactsYAMLHasItsLine() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Support.write("k3s_version: v1.25.16+k3s4\nprobes: { a: [\n", to: dir + "/s1/facts.yaml")
        do {
            _ = try FactsDirectory.load(from: dir, hosts: [Support.host("s1")])
            Issue.record("expected invalid YAML to be reported")
        } catch {
            #expect(error.diagnostics.count == 1)
            #expect(error.diagnostics.first?.message.hasPrefix("invalid YAML") == true)
            #expect((error.diagnostics.first?.location?.line ?? 0) >= 2)
        }
    }

    @Test func danglingSymlinkIsAnError() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/s1/etc/rancher/k3s", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir + "/s1/etc/rancher/k3s/config.yaml", withDestinationPath: "/nowhere/config.yaml")
        do {
            _ = try FactsDirectory.load(from: dir, hosts: [Support.host("s1")])
            Issue.record("expected the dangling link to be reported")
        } catch {
            #expect(error.diagnostics.first?.message.contains("symbolic link to /nowhere/config.yaml, which is not in the facts directory") == true)
        }
    }

    static func sampleFleet() -> FleetFacts {
        var s1 = HostFacts(host: "s1", k3sVersion: K3sVersion(1, 26, 9, k3s: 1), kernelModules: [],
                           interfaces: ["eth0", "flannel-wg"], addresses: ["eth0": ["10.0.0.11", "fd00::11"]],
                           firewallDumps: ["iptables": "*nat\nCOMMIT\n", "ip6tables": ""],
                           probes: ["external-ip": "203.0.113.7"], sysctls: ["net.ipv4.ip_forward": "1", "empty": ""])
        s1.files[K3sPaths.config] = FileFact(path: K3sPaths.config, content: Array("token: t0ps3cret\nflannel-backend: vxlan\n".utf8),
                                             mode: 0o600, owner: "root", group: "root", symlinkTarget: "/opt/k3s/config.yaml")
        s1.files["/etc/rancher/k3s/config.yaml.d/50-x.yml"] = FileFact(path: "/etc/rancher/k3s/config.yaml.d/50-x.yml",
                                                                       content: [0xEF, 0xBB, 0xBF, 0x61, 0x3A, 0x0D, 0x0A], mode: 0o640)
        s1.files[K3sPaths.openrcScript(.server)] = FileFact(path: K3sPaths.openrcScript(.server), content: Array("#!/sbin/openrc-run\n".utf8),
                                                            mode: 0o755, owner: "root", group: "root")
        s1.files[K3sPaths.systemdEnv(.server)] = FileFact(path: K3sPaths.systemdEnv(.server), content: Array("K3S_TOKEN=t0ps3cret\n".utf8))
        let a1 = HostFacts(host: "a1")
        return FleetFacts(["s1": s1, "a1": a1])
    }

    @Test func saveThenLoadRoundTrips() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var expected = Self.sampleFleet()
        try FactsDirectory.save(expected, to: dir)
        let loaded = try FactsDirectory.load(from: dir, inventory: Support.inventory(Self.hosts))

        expected.hosts["s1"]?.files[K3sPaths.systemdEnv(.server)]?.content = Array("K3S_TOKEN=\(EnvironmentFileReader.secretMarker)\n".utf8)
        // Secrets are masked in saved facts; every other byte comes back as it was.
        expected.hosts["s1"]?.files[K3sPaths.config]?.content = Array("token: \(SecretMasking.fileMask)\nflannel-backend: vxlan\n".utf8)
        #expect(loaded == expected)
        #expect(loaded["s1"]?.file(K3sPaths.config)?.symlinkTarget == "/opt/k3s/config.yaml")
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/s1/etc/rancher/k3s/config.yaml")
        #expect(link == "../../../opt/k3s/config.yaml", "relative, so it never points into this machine's /opt")
    }

    @Test func saveWritesEnvFilesOnlySanitizedAndKeepsFilesPrivate() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FactsDirectory.save(Self.sampleFleet(), to: dir)
        let files = Support.allFiles(under: dir)
        #expect(files.contains { $0.hasSuffix(".env") }, "env files are mirrored, sanitized")
        for file in files {
            let text = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
            if file.hasSuffix(".env") { #expect(text == "K3S_TOKEN=\(EnvironmentFileReader.secretMarker)\n", "\(file)") }
            let attributes = try FileManager.default.attributesOfItem(atPath: dir + "/" + file)
            guard attributes[.type] as? FileAttributeType != .typeSymbolicLink else { continue }
            #expect(attributes[.posixPermissions] as? Int == 0o600, "\(file)")
        }
        let hostMode = try FileManager.default.attributesOfItem(atPath: dir + "/s1")[.posixPermissions] as? Int
        #expect(hostMode == 0o700)
        let factsFile = try String(contentsOfFile: dir + "/s1/facts.yaml", encoding: .utf8)
        #expect(factsFile.contains("k3s_version: v1.26.9+k3s1"))
        #expect(factsFile.contains("/etc/rancher/k3s/config.yaml: {mode: \"0600\", owner: root, group: root}"))
    }

    @Test func savingAgainReplacesOldFacts() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var fleet = Self.sampleFleet()
        try FactsDirectory.save(fleet, to: dir)
        fleet.hosts["s1"]?.files["/etc/rancher/k3s/config.yaml.d/50-x.yml"] = nil
        fleet.hosts["s1"]?.firewallDumps = [:]
        try FactsDirectory.save(fleet, to: dir)
        let loaded = try FactsDirectory.load(from: dir, hosts: [Support.host("s1")])
        #expect(loaded["s1"]?.file("/etc/rancher/k3s/config.yaml.d/50-x.yml") == nil)
        #expect(loaded["s1"]?.firewallDumps.isEmpty == true)
        #expect(!FileManager.default.fileExists(atPath: dir + "/s1/iptables.rules"))
    }

    @Test func saveRefusesUnusableHostNames() throws {
        let dir = try Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: FactsDirectoryError.self) {
            try FactsDirectory.save(FleetFacts(["../escape": HostFacts(host: "../escape")]), to: dir)
        }
        #expect(Support.allFiles(under: dir).isEmpty)
    }
}
