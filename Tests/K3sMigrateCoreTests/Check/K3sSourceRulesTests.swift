import Testing
@testable import K3sMigrateCore

/// The catalog and rules as K3s's source has them (domain.md, "What K3s's source says").
@Suite("check rules as K3s's source has them")
struct K3sSourceRulesTests {
    typealias S = CheckTestFleet

    static func servers(_ a: String, _ b: String, unitB: String? = nil) -> S {
        S(S.server("s1", config: "cluster-init: true\n" + a), S.server("s2", config: "server: https://s1:6443\n" + b, unit: unitB))
    }

    @Test("CriticalControlArgs: disable compares servicelb only; disable-kube-proxy is not compared")
    func criticalDisable() {
        #expect(Self.servers("disable: [traefik, servicelb]\n", "disable: [servicelb]\n").run(rule: "server-settings-differ").isEmpty)
        #expect(Self.servers("disable: [traefik]\n", "disable: [servicelb]\n").run(rule: "server-settings-differ").count == 2)
        #expect(Self.servers("disable-kube-proxy: true\n", "").run(rule: "server-settings-differ").isEmpty)
        #expect(Self.servers("secrets-encryption: true\n", "").run(rule: "server-settings-differ").count == 2)
        #expect(Self.servers("supervisor-metrics: true\n", "").run(rule: "server-settings-differ").count == 2)
        #expect(Self.servers("embedded-registry: false\n", "").run(rule: "server-settings-differ").isEmpty, "false is the default")
    }

    @Test("derived defaults compared, not literals: cluster-dns is service-cidr + 10, CIDRs as networks")
    func derivedDefaults() {
        #expect(Self.servers("cluster-dns: 10.43.0.10\n", "").run(rule: "server-settings-differ").isEmpty)
        #expect(Self.servers("service-cidr: 10.50.0.0/16\n", "service-cidr: 10.50.0.0/16\ncluster-dns: 10.50.0.10\n")
            .run(rule: "server-settings-differ").isEmpty)
        #expect(Self.servers("service-cidr: 10.50.0.0/16\n", "service-cidr: 10.50.0.0/16\ncluster-dns: 10.43.0.10\n")
            .run(rule: "server-settings-differ").count == 2)
        #expect(Self.servers("cluster-cidr: 10.42.0.0/16\n", "cluster-cidr: 10.42.7.1/16\n").run(rule: "server-settings-differ").isEmpty)
        #expect(Self.servers("flannel-ipv6-masq: yes\n", "", unitB: "--flannel-ipv6-masq=true").run(rule: "server-settings-differ").isEmpty)
        #expect(CriticalSettings.comparable("cluster-cidr") { $0 == "node-ip" ? ["fd00::5"] : nil } == CriticalSettings.comparable("cluster-cidr") { $0 == "cluster-cidr" ? ["fd00:42::/56"] : nil },
                "IPv6-only defaults when the first node-ip is IPv6")
    }

    @Test("system-default-registry is server-only; disable-apiserver-lb agent-only")
    func serverOnlyAndAgentOnly() {
        let agent = S(S.server("s1"), S.agent("a1", config: "system-default-registry: reg.example\n"))
        #expect(agent.run(rule: "server-only-key-on-agent").count == 1)
        #expect(S(S.server("s1", unit: "--disable-apiserver-lb")).run(rule: "agent-only-key-on-server").map(\.severity) == [.error])
        #expect(S(S.server("s1", config: "disable-apiserver-lb: true\n")).run(rule: "agent-only-key-on-server").map(\.severity) == [.warning])
        #expect(S(S.agent("a1", unit: "--disable-apiserver-lb")).run(rule: "agent-only-key-on-server").isEmpty)
    }

    @Test("flags removed in v1.26: fatal on the command line and for agents, skipped in a server's file")
    func removedFlags() {
        #expect(S(S.server("s1", unit: "--no-deploy traefik", version: "v1.26.1+k3s1")).run(rule: "removed-flag").map(\.severity) == [.error])
        #expect(S(S.server("s1", config: "no-deploy: [traefik]\n", version: "v1.26.1+k3s1")).run(rule: "removed-flag").map(\.severity) == [.warning])
        #expect(S(S.agent("a1", config: "no-flannel: true\n", version: "v1.27.1+k3s1")).run(rule: "removed-flag").map(\.severity) == [.error])
        #expect(S(S.server("s1", unit: "--no-deploy traefik", version: "v1.25.16+k3s4")).run(rule: "removed-flag").isEmpty)
    }

    @Test("dual-stack: the first CIDRs' families must match")
    func dualStackFirstFamily() {
        let mismatch = S(S.server("s1", config: "cluster-cidr: 10.42.0.0/16,fd00:42::/56\nservice-cidr: fd00:43::/112,10.43.0.0/16\n"))
        #expect(mismatch.run(rule: "dual-stack-mismatch").count == 1)
        #expect(mismatch.run(rule: "dual-stack-mismatch").first?.message.contains("first") == true)
        #expect(S(S.server("s1", config: "cluster-cidr: 10.42.0.0/16,fd00:42::/56\nservice-cidr: 10.43.0.0/16,fd00:43::/112\n"))
            .run(rule: "dual-stack-mismatch").isEmpty)
        #expect(S(S.server("s1", config: "cluster-cidr: 10.42.0.0/16,fd00:42::/56\n")).run(rule: "dual-stack-mismatch").count == 1)
    }

    @Test("ipsec on a release without bundled strongSwan: an error when the host has no swanctl")
    func ipsecWithoutStrongSwan() {
        var fleet = S(S.server("s1", config: "flannel-backend: ipsec\n", version: "v1.26.3+k3s1"))
        #expect(fleet.run(rule: "ipsec-needs-strongswan").map(\.severity) == [.warning], "unknown: a warning")
        fleet.probes = ["s1": [HostFacts.swanctlProbe: "no"]]
        #expect(fleet.run(rule: "ipsec-needs-strongswan").map(\.severity) == [.error])
        fleet.probes = ["s1": [HostFacts.swanctlProbe: "yes"]]
        #expect(fleet.run(rule: "ipsec-needs-strongswan").isEmpty)
    }

    @Test("tailscale is a valid backend; an empty flannel-backend is not the default")
    func backends() {
        #expect(S(S.server("s1", config: "flannel-backend: tailscale\n")).run(rule: "unknown-backend").isEmpty)
        let empty = S(S.server("s1", config: "flannel-backend:\n"))
        #expect(empty.run(rule: "unknown-backend").count == 1, "`flannel-backend:` is --flannel-backend= to K3s")
        #expect(S(S.server("s1", config: "egress-selector-mode: \"\"\n")).run(rule: "invalid-egress-selector-mode").count == 1)
    }

    @Test("vpn-auth controlServerURL needs v1.25.12 / v1.26.7 / v1.27.4; the join key is not shown")
    func controlServerURL() {
        let auth = "vpn-auth: \"name=tailscale,joinKey=tskey-secret1,controlServerURL=https://hs.example\"\n"
        let old = S(S.server("s1", config: auth, version: "v1.26.6+k3s1")).run(rule: "vpn-auth-control-server")
        #expect(old.count == 1)
        #expect(old.allSatisfy { !$0.message.contains("tskey-secret1") })
        #expect(S(S.server("s1", config: auth, version: "v1.26.7+k3s1")).run(rule: "vpn-auth-control-server").isEmpty)
        #expect(S(S.server("s1", config: auth, version: "v1.25.11+k3s1")).run(rule: "vpn-auth-control-server").count == 1)
    }

    @Test("booleans: ParseBool after YAML 1.1; a quoted \"yes\" and --flag=yes are no booleans")
    func booleans() {
        #expect(S(S.server("s1", config: "flannel-ipv6-masq: yes\ndisable-network-policy: On\n")).run(rule: "invalid-boolean").isEmpty)
        #expect(S(S.server("s1", config: "flannel-ipv6-masq: \"yes\"\n")).run(rule: "invalid-boolean").count == 1)
        #expect(S(S.server("s1", unit: "--flannel-ipv6-masq=yes")).run(rule: "invalid-boolean").count == 1)
        #expect(S(S.server("s1", unit: "--flannel-ipv6-masq=T --secrets-encryption=0")).run(rule: "invalid-boolean").isEmpty)
        let s = NodeSettings(facts: SettingsFixtures.facts([K3sPaths.config: "cluster-init: yes\n"]), role: .server)
        #expect(s.effective("cluster-init")?.value == "true", "go-yaml hands K3s `true`")
    }

    @Test("node names: node-name if set, else the host name, lowercased either way (pkg/util/net.go GetHostnameAndIPs)")
    func nodeNames() throws {
        var fleet = TestFleet()
        fleet.server("Server-One", config: "cluster-init: true\nflannel-backend: wireguard\n")
        fleet.server("s2", config: "server: https://10.9.0.1:6443\nflannel-backend: wireguard\nnode-name: Edge-2\n")
        let plan = try fleet.plan()
        let names = plan.steps.compactMap { step -> String? in
            if case .health(let expectation) = step.action { return expectation.nodeName }
            return nil
        }
        #expect(names == ["server-one", "edge-2"])
    }

    @Test("node-ip must share the cluster's IP versions; unset node-ip is K3s's choice; order within a dual-stack node-ip does not matter")
    func nodeIPFamily() {
        let dual = "cluster-cidr: 10.42.0.0/16,fd00:42::/56\nservice-cidr: 10.43.0.0/16,fd00:43::/112\n"
        #expect(S(S.server("s1", config: dual + "node-ip: 10.0.0.1,fd00::1\n")).run(rule: "node-ip-family").isEmpty)
        #expect(S(S.server("s1", config: dual + "node-ip: fd00::1,10.0.0.1\n")).run(rule: "node-ip-family").isEmpty, "K3s swaps them")
        #expect(S(S.server("s1", config: dual)).run(rule: "node-ip-family").isEmpty, "unset: K3s picks")
        let single = S(S.server("s1", config: dual + "node-ip: 10.0.0.1\n")).run(rule: "node-ip-family")
        #expect(single.map(\.severity) == [.error])
        #expect(single.first?.message.contains("needs an IPv4 and an IPv6 address") == true)
        #expect(single.first?.location?.line == 3)
        // An agent takes the cluster-cidr of its server; its node-ip from a unit flag counts.
        let agent = S(S.server("s1", config: "cluster-cidr: fd00:42::/56\nservice-cidr: fd00:43::/112\n"),
                      S.agent("a1", unit: "--node-ip 10.0.0.7"))
        let found = agent.run(rule: "node-ip-family")
        #expect(found.map(\.host) == ["a1"])
        #expect(found.first?.message.contains("from server s1") == true)
        #expect(S(S.server("s1"), S.agent("a1", unit: "-i 10.0.0.7")).run(rule: "node-ip-family").isEmpty, "IPv4 default cluster")
        #expect(S(S.server("s1"), S.agent("a1", unit: "-i fd00::7")).run(rule: "node-ip-family").count == 1)
        #expect(S(S.server("s1"), S.agent("a1", unit: "--node-ip 10.0.0.7,fd00::7")).run(rule: "node-ip-family").isEmpty,
                "a dual-stack node in a single-stack cluster: K3s accepts it")
        let invalid = S(S.server("s1", config: "node-ip: 10.0.0.300\n")).run(rule: "node-ip-family")
        #expect(invalid.first?.message.contains("is not an IP address") == true)
    }

    @Test("an IPv6 cluster-cidr at most 16 bits wider than the node mask (/64, or kube-controller-manager's node-cidr-mask-size-ipv6)")
    func ipv6NodeMask() {
        let v6 = "service-cidr: fd00:43::/112\n"
        #expect(S(S.server("s1", config: "cluster-cidr: fd00:42::/48\n" + v6)).run(rule: "cluster-cidr-node-mask").isEmpty)
        let wide = S(S.server("s1", config: "cluster-cidr: fd00:42::/40\n" + v6)).run(rule: "cluster-cidr-node-mask")
        #expect(wide.map(\.severity) == [.error])
        #expect(wide.first?.message.contains("24 bits wider than the IPv6 node mask /64") == true)
        #expect(wide.first?.message.contains("/48 or longer") == true)
        let masked = "cluster-cidr: fd00:42::/40\n" + v6 + "kube-controller-manager-arg:\n  - node-cidr-mask-size-ipv6=56\n"
        #expect(S(S.server("s1", config: masked)).run(rule: "cluster-cidr-node-mask").isEmpty)
        let single = "cluster-cidr: fd00:42::/40\n" + v6 + "kube-controller-manager-arg: [node-cidr-mask-size=56]\n"
        #expect(S(S.server("s1", config: single)).run(rule: "cluster-cidr-node-mask").isEmpty, "single-stack: node-cidr-mask-size counts")
        let dual = "cluster-cidr: 10.0.0.0/8,fd00:42::/40\nservice-cidr: 10.43.0.0/16,fd00:43::/112\nkube-controller-manager-arg: [node-cidr-mask-size=56]\n"
        #expect(S(S.server("s1", config: dual)).run(rule: "cluster-cidr-node-mask").count == 1, "dual-stack: only the -ipv6 flag counts")
        #expect(S(S.server("s1", config: "cluster-cidr: 10.0.0.0/4\n")).run(rule: "cluster-cidr-node-mask").isEmpty, "no limit for IPv4")
    }

    @Test("multi-cluster-cidr: removed in v1.29 (fatal as a flag), inert from v1.26.13 / v1.27.10 / v1.28.6 (a warning)")
    func multiClusterCIDR() {
        #expect(S(S.server("s1", unit: "--multi-cluster-cidr", version: "v1.29.0+k3s1")).run(rule: "removed-flag").map(\.severity) == [.error])
        #expect(S(S.server("s1", config: "multi-cluster-cidr: true\n", version: "v1.30.2+k3s1")).run(rule: "removed-flag").map(\.severity) == [.warning])
        let inert = S(S.server("s1", unit: "--multi-cluster-cidr", version: "v1.28.6+k3s2")).run(rule: "removed-flag")
        #expect(inert.map(\.severity) == [.warning])
        #expect(inert.first?.message.contains("does nothing from v1.28.6") == true)
        #expect(S(S.server("s1", unit: "--multi-cluster-cidr", version: "v1.27.9+k3s1")).run(rule: "removed-flag").isEmpty)
        #expect(S(S.server("s1", unit: "--multi-cluster-cidr", version: "v1.27.10+k3s1")).run(rule: "removed-flag").count == 1)
        #expect(S(S.server("s1", unit: "--multi-cluster-cidr", version: "v1.26.12+k3s1")).run(rule: "removed-flag").isEmpty)
    }
}
