import Testing
@testable import K3sMigrateCore

/// Every file of the real-world corpus (Fixtures/Settings/realworld, see its SOURCES.md) read
/// at the path K3s uses, with what each one must yield.
@Suite struct RealWorldSettingsTests {
    static func settings(_ fixture: String, role: Role = .server) throws -> NodeSettings {
        let text = try SettingsFixtures.text("realworld/" + fixture)
        let path: String
        if fixture.hasPrefix("config/") { path = K3sPaths.config }
        else if fixture.hasPrefix("unit/") { path = K3sPaths.systemdUnit(role) }
        else { path = K3sPaths.openrcScript(role) }
        return NodeSettings(facts: SettingsFixtures.facts([path: text]), role: role)
    }

    static func rules(_ settings: NodeSettings) -> [String] { settings.diagnostics.map(\.rule) }

    @Test func config01QuotedScalarDisableAfterDocumentMarker() throws {
        let s = try Self.settings("config/01-pi-pimps-comments-scalar-disable.yaml")
        #expect(s.effective("disable")?.values == ["servicelb"])
        #expect(s.effective("disable")?.isList == false)
        #expect(s.effective("disable")?.location.line == 9)
        #expect(s.effective("disable-cloud-controller")?.value == "true")
        #expect(s.keys == ["disable", "disable-cloud-controller"])
        #expect(s.diagnostics.isEmpty)
    }

    @Test func config02QuotedValuesAndLists() throws {
        let s = try Self.settings("config/02-dev-iac-flannel-none-quoted.yaml")
        #expect(s.effective("flannel-backend")?.value == "none")
        #expect(s.effective("flannel-backend")?.location.line == 24)
        #expect(s.effective("etcd-snapshot-schedule-cron")?.value == "45 */8 * * *")
        #expect(s.effective("disable")?.values == ["servicelb", "traefik", "local-storage"])
        #expect(s.effective("tls-san")?.values == ["127.0.0.1"])
        #expect(s.effective("etcd-snapshot-retention")?.value == "10")
        #expect(s.keys.count == 14)
        #expect(s.diagnostics.isEmpty)
    }

    @Test func config03NoTrailingNewline() throws {
        let s = try Self.settings("config/03-matrix-no-final-newline.yaml")
        #expect(s.effective("write-kubeconfig-mode")?.value == "0644")
        #expect(s.effective("tls-san")?.values == ["matrix"])
        #expect(s.effective("tls-san")?.isList == true)
        #expect(s.diagnostics.isEmpty)
    }

    @Test func config04DuplicateKeyLastWins() throws {
        let s = try Self.settings("config/04-programdata-duplicate-node-label.yaml")
        #expect(s.effective("node-label")?.values == ["foo=bar", "bar=baz"])
        #expect(s.effective("node-label")?.location.line == 9)
        #expect(s.occurrences.filter { $0.key == "node-label" }.map(\.location.line) == [4, 9])
        let duplicate = try #require(s.diagnostics.first { $0.rule == "duplicate-key" })
        #expect(duplicate.severity == .warning)
        #expect(duplicate.message.contains("lines 4 and 9"))
        #expect(s.effective("cluster-init")?.value == "true")
    }

    @Test func config05TrailingCommentsAndDualStack() throws {
        let s = try Self.settings("config/05-cilium-dual-stack-trailing-comments.yaml")
        #expect(s.effective("tls-san")?.values == ["192.168.1.211"])
        #expect(s.effective("cluster-cidr")?.value == "10.42.0.0/16,fd01::/48")
        #expect(s.effective("service-cidr")?.value == "10.43.0.0/16,fd02::/112")
        #expect(s.effective("disable")?.values == ["traefik", "servicelb", "metrics-server"])
        #expect(s.effective("disable-kube-proxy")?.value == "true")
        #expect(s.effective("flannel-backend")?.value == "none")
        #expect(s.effective("node-name") == nil)
        #expect(s.diagnostics.isEmpty)
    }

    @Test func config06DualStackIPv6Masq() throws {
        let s = try Self.settings("config/06-shepherdjerred-dual-stack-ipv6-masq.yaml")
        #expect(s.effective("cluster-cidr")?.value == "10.42.0.0/16,2001:cafe:42::/56")
        #expect(s.effective("flannel-ipv6-masq")?.value == "true")
        #expect(s.effective("service-node-port-range")?.value == "0-32767")
        #expect(s.effective("node-name")?.value == "lamport")
    }

    @Test func config07DashedArgumentValues() throws {
        let s = try Self.settings("config/07-home-ops-dashed-arg-values.yaml")
        let args = try #require(s.effective("kube-apiserver-arg")?.values)
        #expect(args.count == 7)
        #expect(args[3] == "--oidc-groups-prefix=oidc:")
        #expect(s.effective("kubelet-arg")?.values == ["--root-dir=/home/home/Documents/work/k3s/kubelet"])
        #expect(s.effective("servicelb-namespace")?.value == "servicelb")
    }

    @Test func config08WireguardNativeIPv6Only() throws {
        let s = try Self.settings("config/08-siam-wireguard-native-ipv6-only.yaml")
        #expect(s.effective("flannel-backend")?.value == "wireguard-native")
        #expect(s.effective("cluster-cidr")?.value == "fd00:cafe:42::/56")
        #expect(s.effective("service-cidr")?.value == "fd00:cafe:43::/112")
    }

    @Test func config09QuotedDisableNoEOL() throws {
        let s = try Self.settings("config/09-mdch-lab-quoted-disable-no-eol.yaml")
        #expect(s.effective("disable")?.values.first == "kube-proxy")
        #expect(s.effective("disable")?.values.count == 6)
        #expect(s.effective("kube-scheduler-arg")?.values == ["bind-address=0.0.0.0"])
        #expect(s.effective("kube-scheduler-arg")?.location.line == 20)
        #expect(s.effective("flannel-backend")?.value == "none")
    }

    @Test func config10ZeroIndentSequence() throws {
        let s = try Self.settings("config/10-lapi-zero-indent-sequence.yaml")
        #expect(s.effective("kube-apiserver-arg")?.values.count == 3)
        #expect(s.effective("kube-apiserver-arg")?.values.last == "oidc-username-claim=email")
        #expect(s.effective("tls-san")?.values == ["k8s.lapi.tokyo"])
        #expect(s.effective("tls-san")?.isList == false)
    }

    @Test func config11UnknownKeysAreRead() throws {
        let s = try Self.settings("config/11-home-k3s-unknown-keys.yaml")
        #expect(s.effective("cluster-cidr-ipv6")?.value == "2001:cafe:42:0::/56")
        #expect(s.effective("flannel-backend-type")?.value == "vxlan")
        #expect(s.effective("flannel-backend") == nil)
        #expect(s.keys.filter { !K3sFlagCatalog.isKnown($0) } == ["cluster-cidr-ipv6", "flannel-backend-type", "service-cidr-ipv6"])
    }

    @Test func config12CommentsAndBlankLinesInsideLists() throws {
        let s = try Self.settings("config/12-homelab-comments-inside-lists.yaml")
        #expect(s.effective("etcd-arg")?.values == ["checkpoint-interval=5m", "auto-compaction-retention=1"])
        #expect(s.effective("kube-apiserver-arg")?.values.count == 3)
        #expect(s.effective("log")?.value == "info")
        #expect(s.effective("log")?.location.line == 25)
    }

    @Test func config13OneItemListsForScalars() throws {
        let s = try Self.settings("config/13-home-cluster-list-wrapped-scalars.yaml")
        #expect(s.effective("flannel-backend")?.values == ["wireguard-native"])
        #expect(s.effective("flannel-backend")?.isList == true)
        #expect(s.effective("node-external-ip")?.value == "100.95.188.2")
        #expect(s.effective("flannel-external-ip")?.value == "true")
    }

    @Test func unit01InstallBeforeServiceAndCommentedArgument() throws {
        let s = try Self.settings("unit/01-the-00-install-before-service.service")
        #expect(s.keys == ["no-deploy"])
        #expect(s.effective("no-deploy")?.origin == .systemdFlag)
        #expect(s.effective("no-deploy")?.location.line == 28)
        #expect(s.effective("docker") == nil)
    }

    @Test func unit02EnvironmentAfterDanglingContinuation() throws {
        let s = try Self.settings("unit/02-tekton-cicd-environment-after-continuation.service")
        #expect(s.effective("disable")?.values == ["servicelb", "traefik"])
        #expect(s.effective("disable")?.isList == true)
        #expect(s.effective("node-name")?.value == "node226")
        #expect(s.effective("cluster-init")?.value == "true")
        #expect(s.keys == ["cluster-init", "disable", "node-name"])
        let warning = try #require(s.diagnostics.first { $0.rule == "unit-dangling-continuation" })
        #expect(warning.location?.line == 34)
    }

    @Test func unit03DanglingContinuationAtEOF() throws {
        let s = try Self.settings("unit/03-jun-dotfiles-dangling-continuation-at-eof.service")
        #expect(s.occurrences.isEmpty)
        #expect(!s.diagnostics.hasErrors)
    }

    @Test func unit04FlagsOnOneLineRepeated() throws {
        let s = try Self.settings("unit/04-k3s-install-flags-on-one-line.service")
        #expect(s.effective("kubelet-arg")?.values == ["max-pods=500", "max-pods=500"])
        #expect(s.effective("kubelet-arg")?.isList == true)
        #expect(s.effective("no-deploy")?.values == ["servicelb", "traefik"])
        #expect(s.effective("kube-controller-arg")?.value == "node-cidr-mask-size=16")
        #expect(s.effective("docker")?.value == "true")
        #expect(s.occurrences.allSatisfy { $0.location.line == 24 })
    }

    @Test func unit05EmptyExecStart() throws {
        let s = try Self.settings("unit/05-k3s-cluster-empty-execstart.service")
        #expect(s.occurrences.isEmpty)
        #expect(Self.rules(s) == ["empty-execstart"])
        #expect(s.diagnostics.first?.location?.line == 9)
    }

    @Test func unit06AgentSingleLineMixedForms() throws {
        let s = try Self.settings("unit/06-threat-detection-k3s-agent-single-line.service", role: .agent)
        #expect(s.effective("snapshotter")?.value == "native")
        #expect(s.effective("kubelet-arg")?.value == "runtime-request-timeout=15m")
        #expect(s.diagnostics.isEmpty)
    }

    @Test func unit07EnvironmentExpansion() throws {
        let s = try Self.settings("unit/07-vagrant-k3s-agent-env-expansion.service", role: .agent)
        #expect(s.effective("node-external-ip")?.value == "${NODE_EXTERNAL_IP}")
        #expect(s.effective("node-external-ip")?.location.line == 12)
        #expect(s.effective("flannel-iface")?.value == "enp0s8")
        let variables = s.diagnostics.filter { $0.rule == "unit-variable" }
        #expect(variables.map { $0.location?.line } == [9, 11, 12, 13, 14])
        let token = try #require(variables.last)
        #expect(token.message.contains("/etc/k3s/agent.conf"))
        #expect(throws: Diagnostic.self) { try s.edits(setting: "node-external-ip", to: ["1.2.3.4"], asList: false) }
        do {
            _ = try s.edits(setting: "node-external-ip", to: ["1.2.3.4"], asList: false)
        } catch let error as Diagnostic {
            #expect(error.rule == "unit-variable")
            #expect(error.message.contains("/etc/k3s/agent.conf"))
            #expect(error.location?.line == 12)
        }
        // A flag without variables in the same unit stays editable.
        let edit = try s.edits(setting: "flannel-iface", to: ["enp0s9"], asList: false)
        #expect(edit.count == 1)
    }

    @Test func unit08UsrBinK3sRepeatedTLSSAN() throws {
        let s = try Self.settings("unit/08-arch-bootc-usr-bin-k3s.service")
        #expect(s.effective("tls-san")?.values == ["hetzner-bootc.tail6c5ea9.ts.net", "100.100.156.26"])
        #expect(s.effective("tls-san")?.location.line == 11)
    }

    @Test func unit09WireguardNativeExternalIP() throws {
        let s = try Self.settings("unit/09-jmainguy-wireguard-native-external-ip.service")
        #expect(s.effective("flannel-backend")?.value == "wireguard-native")
        #expect(s.effective("flannel-backend")?.location.line == 39)
        #expect(s.effective("flannel-external-ip")?.value == "true")
        #expect(s.effective("flannel-external-ip")?.location.line == 40)
        #expect(s.effective("node-external-ip")?.value == "10.0.0.4")
        #expect(s.keys.count == 7)
        #expect(s.diagnostics.isEmpty)
    }

    @Test func unit10AgentFragmentMixedQuoting() throws {
        let s = try Self.settings("unit/10-jmainguy-agent-execstart-fragment.service", role: .agent)
        #expect(s.effective("server")?.value == "https://10.0.0.4:6443")
        #expect(s.effective("token")?.location.line == 2)
        #expect(s.effective("node-external-ip")?.value == "10.0.0.7")
        #expect(s.effective("node-external-ip")?.location.line == 5)
        #expect(s.diagnostics.isEmpty)
    }

    @Test func openrc01AlpineVariablesOnly() throws {
        let s = try Self.settings("openrc/01-alpine-aports-k3s.initd")
        #expect(s.occurrences.isEmpty)
        #expect(Self.rules(s) == ["unit-variable", "unit-variable"])
        #expect(s.diagnostics.allSatisfy { $0.location?.line == 11 })
    }

    @Test func openrc02DynamicArguments() throws {
        let s = try Self.settings("openrc/02-rancher-desktop-service-k3s.initd")
        #expect(Self.rules(s).contains("openrc-dynamic-args"))
        #expect(s.effective("https-listen-port")?.value == "${PORT}")
        #expect(s.effective("container-runtime-endpoint")?.origin == .openrcFlag)
        #expect(throws: Diagnostic.self) { try s.edits(setting: "container-runtime-endpoint", to: ["/x.sock"], asList: false) }
    }

    @Test func openrc03InstallScriptStyleNoFlags() throws {
        let s = try Self.settings("openrc/03-apkovl-heredoc-install-script-style.initd")
        #expect(s.occurrences.isEmpty)
        #expect(s.diagnostics.isEmpty)
    }

    /// Every corpus file, every key with literal values: setting it to its own value changes
    /// nothing; setting flannel-backend takes effect and leaves every other key as it was.
    @Test(arguments: try SettingsFixtures.names(in: "realworld/config").map { "config/" + $0 }
          + SettingsFixtures.names(in: "realworld/unit").map { "unit/" + $0 })
    func editsAreMinimalAndLocal(_ fixture: String) throws {
        let role: Role = fixture.contains("agent") ? .agent : .server
        let s = try Self.settings(fixture, role: role)
        for key in s.keys where !s.occurrences.contains(where: { $0.key == key && $0.values.contains { $0.contains("$") } }) {
            let current = try #require(s.effective(key))
            let changes = try s.edits(setting: key, to: current.values, asList: current.isList)
            #expect(changes.isEmpty, "\(fixture): \(key) set to its own value")
        }
        let changes = try s.edits(setting: "flannel-backend", to: ["host-gw"], asList: false)
        #expect(changes.count == 1)
        var facts = s.facts
        for change in changes { facts.files[change.path] = FileFact(path: change.path, text: change.after) }
        let after = NodeSettings(facts: facts, role: role)
        #expect(after.effective("flannel-backend")?.values == ["host-gw"])
        for key in s.keys where key != "flannel-backend" {
            #expect(after.effective(key)?.values == s.effective(key)?.values, "\(fixture): \(key) unchanged")
        }
        #expect(after.diagnostics.count == s.diagnostics.count)
        let touched = LineChanges(before: changes[0].before, after: changes[0].after)
        #expect(touched.removed.count <= 1, "\(fixture): one line replaced at most")
    }
}
