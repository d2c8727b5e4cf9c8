import Testing
@testable import K3sMigrateCore

/// pkg/configfilearg `Parse` puts the config files' values first and the command line after
/// them: a single-value flag's last occurrence wins, a StringSlice flag accumulates.
@Suite("K3s's merge rule: files first, then the unit's flags appended")
struct K3sMergeRuleTests {
    typealias F = SettingsFixtures

    /// A unit as install.sh writes it (`INSTALL_K3S_EXEC='server --kubelet-arg ...'`): one
    /// single-quoted word per tab-indented line.
    static func installUnit(_ words: [String], role: Role = .server) -> String {
        TestFleet.unitHeader + ([role == .server ? "server" : "agent"] + words).map { "\t'\($0)' \\\n" }.joined() + "\n"
    }

    func settings(_ files: [String: String], role: Role = .server) -> NodeSettings {
        NodeSettings(facts: F.facts(files), role: role)
    }

    /// The settings after applying `changes`, read again.
    func after(_ files: [String: String], role: Role = .server, _ changes: [SettingChange]) throws -> (NodeSettings, [FileChange]) {
        let edits = try settings(files, role: role).edits(changes)
        var updated = files
        for edit in edits { updated[edit.path] = edit.after }
        return (settings(updated, role: role), edits)
    }

    @Test("slice flags: the unit's items come after the files' items (space and = forms)")
    func sliceFlagsAccumulate() {
        let s = settings([
            F.config: "node-label:\n  - a=1\ntls-san: [one.example]\nflannel-backend: vxlan\n",
            F.dropIn("50-more.yaml"): "node-label+:\n  - b=2\n",
            F.serverUnit: Self.installUnit(["--node-label", "c=3", "--tls-san=two.example", "--flannel-backend=host-gw"]),
        ])
        #expect(s.effective("node-label")?.values == ["a=1", "b=2", "c=3"])
        #expect(s.effective("tls-san")?.values == ["one.example", "two.example"])
        #expect(s.effective("flannel-backend")?.values == ["host-gw"], "a single-value flag beats the files")
        #expect(s.sources("node-label").map(\.origin) == [.configFile, .dropIn, .systemdFlag])
    }

    @Test("a single-value flag given twice: the last one wins")
    func lastScalarFlagWins() {
        let s = settings([F.serverUnit: Self.installUnit(["--egress-selector-mode=pod", "--egress-selector-mode", "cluster"])])
        #expect(s.effective("egress-selector-mode")?.value == "cluster")
        #expect(s.effective("egress-selector-mode")?.location.line == 9, "the line of the last --egress-selector-mode")
    }

    @Test("OpenRC command_args accumulate the same way")
    func openRCAccumulates() {
        let script = "#!/sbin/openrc-run\ncommand=\"/usr/local/bin/k3s\"\ncommand_args=\"agent \\\n    '--kubelet-arg=node-ip=10.0.0.5' \\\n    >>/var/log/k3s-agent.log 2>&1\"\n"
        let s = settings([F.config: "kubelet-arg:\n  - max-pods=110\n", K3sPaths.openrcScript(.agent): script], role: .agent)
        #expect(s.effective("kubelet-arg")?.values == ["max-pods=110", "node-ip=10.0.0.5"])
    }

    @Test("node-ip= in the unit: replaced there, the file's items untouched, exactly one node-ip in effect")
    func kubeletArgReplacedInTheUnit() throws {
        let files = [F.config: "kubelet-arg:\n  - max-pods=110\n",
                     F.serverUnit: Self.installUnit(["--kubelet-arg", "node-ip=10.0.0.4"])]
        let current = try #require(settings(files).effective("kubelet-arg")?.values)
        #expect(current == ["max-pods=110", "node-ip=10.0.0.4"])
        let (result, edits) = try after(files, [.set("kubelet-arg", toList: ["max-pods=110", "node-ip=0.0.0.0"])])
        #expect(edits.map(\.path) == [F.serverUnit])
        #expect(edits[0].after.contains("\t'node-ip=0.0.0.0' \\\n"))
        #expect(result.effective("kubelet-arg")?.values == ["max-pods=110", "node-ip=0.0.0.0"])
    }

    @Test("node-ip= in a drop-in's key+: replaced in that drop-in")
    func kubeletArgReplacedInADropIn() throws {
        let files = [F.config: "kubelet-arg:\n  - max-pods=110\n",
                     F.dropIn("90-ip.yml"): "kubelet-arg+:\n  - node-ip=10.0.0.4\n",
                     F.serverUnit: Self.installUnit(["--kubelet-arg=eviction-hard=memory.available<5%"])]
        let (result, edits) = try after(files, [.set("kubelet-arg", toList: ["max-pods=110", "node-ip=::", "eviction-hard=memory.available<5%"])])
        #expect(edits.map(\.path) == [F.dropIn("90-ip.yml")])
        #expect(edits[0].after == "kubelet-arg+:\n  - \"node-ip=::\"\n")
        #expect(result.effective("kubelet-arg")?.values == ["max-pods=110", "node-ip=::", "eviction-hard=memory.available<5%"])
    }

    @Test("tls-san values split between config.yaml and the unit leave exactly those values in effect")
    func listValuesInEffect() throws {
        let files = [F.config: "tls-san:\n  - old.example\n", F.serverUnit: Self.installUnit(["--tls-san=unit.example"])]
        for wanted in [["a.example"], ["a.example", "b.example"], ["a.example", "b.example", "c.example"], ["old.example", "unit.example", "x.example"]] {
            let (result, _) = try after(files, [.set("tls-san", toList: wanted)])
            #expect(result.effective("tls-san")?.values == wanted, "wanted \(wanted)")
        }
        let (_, none) = try after(files, [.set("tls-san", toList: ["old.example", "unit.example"])])
        #expect(none.isEmpty, "the list in effect already")
    }

    @Test("a list only in the unit is edited in the unit; only in files, in the files")
    func listEditedWhereItLives() throws {
        let unitOnly = [F.serverUnit: Self.installUnit(["--disable=traefik"])]
        let (a, editsA) = try after(unitOnly, [.set("disable", toList: ["traefik", "servicelb"])])
        #expect(editsA.map(\.path) == [F.serverUnit])
        #expect(a.effective("disable")?.values == ["traefik", "servicelb"])
        let filesOnly = [F.config: "disable:\n  - traefik\n", F.serverUnit: Self.installUnit(["--cluster-init"])]
        let (b, editsB) = try after(filesOnly, [.set("disable", toList: ["traefik", "servicelb"])])
        #expect(editsB.map(\.path) == [F.config])
        #expect(b.effective("disable")?.values == ["traefik", "servicelb"])
    }

    @Test("dual-stack-node-ip: the unit's node-ip= item is replaced where it sits and the plan restarts the init server first")
    func dualStackNodeIPPlan() throws {
        var fleet = TestFleet()
        fleet.server("s1", config: "cluster-init: true\nkubelet-arg:\n  - max-pods=200\n", unitFlags: ["--kubelet-arg=node-ip=10.9.0.1"])
        fleet.server("s2", config: "server: https://10.9.0.1:6443\nkubelet-arg:\n  - node-ip=10.9.0.2\n")
        let playbook = try ShippedPlaybooks.load("dual-stack-node-ip")
        let plan = try fleet.plan(playbook)
        guard case .edit(let unit) = plan.step("s1/edit:k3s.service")?.action,
              case .edit(let config) = plan.step("s2/edit:config.yaml")?.action else { Issue.record("edits"); return }
        #expect(plan.step("s1/edit:config.yaml") == nil, "s1's config.yaml keeps max-pods only")
        #expect(unit.after.contains("\t'--kubelet-arg=node-ip=0.0.0.0' \\\n") && !unit.after.contains("10.9.0.1"))
        #expect(config.after == "server: https://10.9.0.1:6443\nkubelet-arg:\n  - node-ip=0.0.0.0\n")
        var s1 = fleet.facts["s1"]!
        s1.files[K3sPaths.systemdUnit(.server)]?.content = Array(unit.after.utf8)
        #expect(NodeSettings(facts: s1, role: .server).effective("kubelet-arg")?.values == ["max-pods=200", "node-ip=0.0.0.0"])
        #expect(plan.steps(.restart).compactMap(\.host) == ["s1", "s2"])
    }

    @Test("check: servers whose cluster-cidr differ only in where the items are written agree")
    func criticalListsCompareMerged() {
        var fleet = TestFleet()
        fleet.server("s1", config: "cluster-init: true\ncluster-cidr: 10.42.0.0/16,2001:db8:42::/56\n")
        fleet.server("s2", config: "server: https://10.9.0.1:6443\ncluster-cidr:\n  - 10.42.0.0/16\n",
                     unitFlags: ["--cluster-cidr=2001:db8:42::/56"])
        let problems = FleetCheck.run(inventory: fleet.inventory, facts: fleet.facts).filter { $0.rule == "server-settings-differ" }
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("aliases as config keys and flags: -i is node-ip, i: in config.yaml too; edits keep the spelling")
    func aliases() throws {
        let files = [F.config: "i: 10.0.0.1\n", F.agentUnit: Self.installUnit(["-s", "https://10.0.0.9:6443", "-i", "10.0.0.2"], role: .agent)]
        let s = settings(files, role: .agent)
        #expect(s.effective("node-ip")?.values == ["10.0.0.1", "10.0.0.2"])
        #expect(s.effective("server")?.value == "https://10.0.0.9:6443")
        let (result, edits) = try after(files, role: .agent, [.set("node-ip", toList: ["10.0.0.1", "fd00::2"])])
        #expect(edits.map(\.path) == [F.agentUnit])
        #expect(edits[0].after.contains("\t'-i' \\\n\t'fd00::2' \\\n"))
        #expect(result.effective("node-ip")?.values == ["10.0.0.1", "fd00::2"])
    }
}
