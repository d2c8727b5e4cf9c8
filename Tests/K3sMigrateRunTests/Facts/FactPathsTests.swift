import Testing
import K3sMigrateCore
@testable import K3sMigrateRun

@Suite("Fact paths")
struct FactPathsTests {
    @Test(arguments: [
        "/etc/rancher/k3s/config.yaml",
        "/etc/rancher/k3s/config.yaml.d/10-backend.yaml",
        "/etc/rancher/k3s/config.yaml.d/99-z.yml",
        "/etc/systemd/system/k3s.service",
        "/etc/systemd/system/k3s-agent.service",
        "/etc/init.d/k3s",
        "/etc/init.d/k3s-agent",
        "/etc/cni/net.d/10-canal.conflist",
        "/etc/cni/net.d/10-calico.conflist",
        "/etc/sysctl.d/90-k3s.conf",
        "/etc/sysctl.d/k3s-ipv6.conf",
        "/etc/rancher/k3s/config.yaml.d/20-Upper.YAML",
        "/etc/systemd/system/k3s.service.env",
        "/etc/systemd/system/k3s-agent.service.env",
        "/etc/systemd/system/k3s-edge.service",
        "/etc/systemd/system/k3s.service.d/override.conf",
        "/etc/rancher/k3s/k3s.env",
        "/etc/rancher/k3s/k3s-agent.env",
        // INSTALL_K3S_NAME=edge: install.sh's SYSTEM_NAME k3s-edge.
        "/etc/systemd/system/k3s-edge.service.env",
        "/etc/init.d/k3s-edge",
        "/etc/rancher/k3s/k3s-edge.env",
    ])
    func factFiles(path: String) {
        #expect(FactPaths.isFact(path))
    }

    @Test(arguments: [
        "/etc/rancher/k3s/config.yaml.d/notes.txt",
        "/etc/rancher/k3s/config.yaml.d/sub/x.yaml",
        "/etc/rancher/k3s/config.yaml.d/",
        "/etc/rancher/k3s/k3s.yaml",
        "/etc/sysctl.d/99-sysctl.conf",
        "/etc/cni/net.d/05-cilium.conflist",
        "/etc/rancher/k3s/config.yaml.bak",
    ])
    func otherFiles(path: String) {
        #expect(!FactPaths.isFact(path))
    }

    @Test("env files are facts only sanitized: secret values become the marker, whoever sent them")
    func environmentFilesAreSanitized() {
        let text = "K3S_TOKEN='K10abc::server:xyz'\n# K3S_TOKEN=old\nexport K3S_URL='https://10.0.0.1:6443'\nHTTP_PROXY=http://u:p@proxy\nK3S_VPN_AUTH=name=tailscale,joinKey=tskey-1\n"
        let kept = String(decoding: FactPaths.kept(Array(text.utf8), at: K3sPaths.systemdEnv(.server)), as: UTF8.self)
        let m = EnvironmentFileReader.secretMarker
        #expect(kept == "K3S_TOKEN=\(m)\n\nexport K3S_URL='https://10.0.0.1:6443'\nHTTP_PROXY=\(m)\nK3S_VPN_AUTH=\(m)\n")
        #expect(FactPaths.kept(Array(text.utf8), at: K3sPaths.config) == Array(text.utf8))
    }

    @Test("a named unit's drop-in directory is read in the second round; the standard ones are always read")
    func namedUnitDropIns() {
        let unit = "[Service]\nExecStart=/usr/local/bin/k3s server\n"
        let facts = HostFacts(host: "s1", files: [
            "/etc/systemd/system/k3s-edge.service": FileFact(path: "/etc/systemd/system/k3s-edge.service", text: unit),
            "/etc/systemd/system/k3s-agent.service": FileFact(path: "/etc/systemd/system/k3s-agent.service", text: unit),
            "/etc/systemd/system/k3s-a b.service": FileFact(path: "/etc/systemd/system/k3s-a b.service", text: unit),
        ])
        #expect(FactPaths.configPaths(for: facts) == [.directory("/etc/systemd/system/k3s-edge.service.d", patterns: ["*.conf"])])
        #expect(FactPaths.configPaths(for: facts)[0].matches("/etc/systemd/system/k3s-edge.service.d/override.conf"))
        #expect(FactPaths.isFact("/etc/systemd/system/k3s-agent.service.d/override.conf"))
        #expect(!FactPaths.isFact("/etc/systemd/system/k3s-edge.service.d/override.conf"), "only once the unit was seen")
    }

    @Test func secrets() {
        #expect(!FactPaths.isSecret(K3sPaths.systemdEnv(.server)), "env files are facts, sanitized")
        #expect(FactPaths.isSecret("/var/lib/rancher/k3s/server/token"))
        #expect(!FactPaths.isSecret(K3sPaths.config))
    }

    @Test func wildcards() {
        #expect(WildcardPattern.matches("90-k3s.conf", pattern: "*k3s*.conf"))
        #expect(WildcardPattern.matches("k3s.conf", pattern: "*k3s*.conf"))
        #expect(!WildcardPattern.matches("k3s.conf.bak", pattern: "*k3s*.conf"))
        #expect(WildcardPattern.matches("a.yml", pattern: "?.yml"))
        #expect(!WildcardPattern.matches("ab.yml", pattern: "?.yml"))
        #expect(WildcardPattern.matches("x", pattern: "*"))
        #expect(!WildcardPattern.matches("", pattern: "?"))
        #expect(WildcardPattern.matches("a.YaMl", pattern: "*.[yY][aA][mM][lL]"))
        #expect(!WildcardPattern.matches("a.yaml.bak", pattern: "*.[yY][aA][mM][lL]"))
    }
}
