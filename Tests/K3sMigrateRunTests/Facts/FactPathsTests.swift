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
    ])
    func factFiles(path: String) {
        #expect(FactPaths.isFact(path))
    }

    @Test(arguments: [
        "/etc/systemd/system/k3s.service.env",
        "/etc/systemd/system/k3s-agent.service.env",
        "/etc/rancher/k3s/k3s.env",
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

    @Test func secrets() {
        #expect(FactPaths.isSecret(K3sPaths.systemdEnv(.server)))
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
    }
}
