import Testing
@testable import K3sMigrateCore

@Suite struct SettingsEditingTests {
    typealias F = SettingsFixtures

    static let installUnit = """
    [Service]
    Type=notify
    ExecStart=/usr/local/bin/k3s \\
        server \\
    \t'--node-ip=10.0.0.4' \\
    \t'--node-external-ip' \\
    \t'203.0.113.4' \\
    \t'--disable=traefik' \\
    \t'--flannel-external-ip'
    KillMode=process

    """

    func edit(_ files: [String: String], role: Role = .server, _ changes: [SettingChange]) throws -> [FileChange] {
        try NodeSettings(facts: F.facts(files), role: role).edits(changes)
    }

    @Test func anEmptyListItemGetsItsValueAfterTheDash() throws {
        let settings = NodeSettings(facts: F.facts([K3sPaths.config: "disable:\n  - \nnode-label:\n  -\n"]), role: .server)
        let one = try settings.edits(setting: "disable", to: ["traefik"], asList: true)
        #expect(one.first?.after == "disable:\n  - traefik \nnode-label:\n  -\n", "the trailing space of the original line stays")
        let two = try settings.edits(setting: "node-label", to: ["a=1", "b=2"], asList: true)
        #expect(two.first?.after == "disable:\n  - \nnode-label:\n  - a=1\n  - b=2\n")
    }

    @Test func unitFlagWinsOverTheFileThatItShadows() throws {
        let changes = try edit([F.config: "flannel-backend: wireguard\n",
                                F.serverUnit: "[Service]\nExecStart=/usr/local/bin/k3s server --flannel-backend=wireguard\n"],
                               [.set("flannel-backend", to: "wireguard-native")])
        #expect(changes.map(\.path) == [F.serverUnit])
        #expect(changes[0].after == "[Service]\nExecStart=/usr/local/bin/k3s server --flannel-backend=wireguard-native\n")
    }

    @Test func removingFromEveryPlace() throws {
        let changes = try edit([F.config: "flannel-backend: wireguard\ncluster-init: true\n",
                                F.dropIn("a.yaml"): "flannel-backend: ipsec\n",
                                F.serverUnit: Self.installUnit],
                               [.remove("flannel-backend"), .remove("node-external-ip")])
        #expect(changes.map(\.path) == [F.config, F.dropIn("a.yaml"), F.serverUnit])
        #expect(changes[0].after == "cluster-init: true\n")
        #expect(changes[1].after == "")
        #expect(!changes[2].after.contains("node-external-ip") && !changes[2].after.contains("203.0.113.4"))
        #expect(LineChanges(before: changes[2].before, after: changes[2].after).removed == [6, 7])
    }

    @Test func removingTheLastUnitFlagDropsTheBackslashBeforeIt() throws {
        let changes = try edit([F.serverUnit: Self.installUnit], [.remove("flannel-external-ip")])
        #expect(changes[0].after.contains("\t'--disable=traefik'\nKillMode=process\n"))
    }

    @Test func removingAFlagSharingItsLine() throws {
        let unit = "[Service]\nExecStart=/usr/local/bin/k3s server --a=1 --flannel-backend wireguard --b=2\n"
        let changes = try edit([F.serverUnit: unit], [.remove("flannel-backend")])
        #expect(changes[0].after == "[Service]\nExecStart=/usr/local/bin/k3s server --a=1 --b=2\n")
    }

    @Test func growingAUnitListInInstallLayoutAddsLines() throws {
        let changes = try edit([F.serverUnit: Self.installUnit], [.set("disable", toList: ["traefik", "servicelb"])])
        #expect(changes[0].after.contains("\t'--disable=traefik' \\\n\t'--disable=servicelb' \\\n\t'--flannel-external-ip'\n"))
        let last = try edit([F.serverUnit: Self.installUnit], [.set("flannel-external-ip", toList: ["true", "false"])])
        #expect(last[0].after.contains("\t'--flannel-external-ip' \\\n\t'--flannel-external-ip=false'\nKillMode"))
    }

    @Test func shrinkingAUnitList() throws {
        let unit = "[Service]\nExecStart=/usr/bin/k3s server --tls-san a --tls-san b --tls-san c\n"
        let changes = try edit([F.serverUnit: unit], [.set("tls-san", toList: ["a"])])
        #expect(changes[0].after == "[Service]\nExecStart=/usr/bin/k3s server --tls-san a\n")
    }

    @Test func bareBooleanFlagSetToFalse() throws {
        let changes = try edit([F.serverUnit: Self.installUnit], [.set("flannel-external-ip", to: "false")])
        #expect(changes[0].after.contains("\t'--flannel-external-ip=false'\n"))
        #expect(try edit([F.serverUnit: Self.installUnit], [.set("flannel-external-ip", to: "true")]).isEmpty)
    }

    @Test func unitValuesThatNeedQuotingGetSingleQuotes() throws {
        let unit = "[Service]\nExecStart=/usr/bin/k3s server --node-label=a --kubelet-arg x\n"
        let changes = try edit([F.serverUnit: unit], [.set("node-label", to: "team=it's ops"), .set("kubelet-arg", to: "cost=5%")])
        #expect(changes[0].after == "[Service]\nExecStart=/usr/bin/k3s server '--node-label=team=it'\\''s ops' --kubelet-arg cost=5%%\n")
        let reread = NodeSettings(facts: F.facts([F.serverUnit: changes[0].after]), role: .server)
        #expect(reread.effective("node-label")?.value == "team=it's ops")
        #expect(reread.effective("kubelet-arg")?.value == "cost=5%")
        let again = try reread.edits(setting: "kubelet-arg", to: ["cost=6%"], asList: false)
        #expect(again[0].after.hasSuffix(" --kubelet-arg cost=6%%\n"))
    }

    @Test func openRCValuesAreEscapedForBothQuotingLevels() throws {
        let script = "command_args=\"server --node-label=a\"\n"
        let changes = try edit([K3sPaths.openrcScript(.server): script], [.set("node-label", to: "x=$y z")])
        #expect(changes[0].after == "command_args=\"server '--node-label=x=\\$y z'\"\n")
        let reread = NodeSettings(facts: F.facts([K3sPaths.openrcScript(.server): changes[0].after]), role: .server)
        #expect(reread.effective("node-label")?.value == "x=$y z")
    }

    @Test func keySetNowhereIsAppendedToConfig() throws {
        let changes = try edit([F.config: "cluster-init: true", F.serverUnit: Self.installUnit],
                               [.set("egress-selector-mode", to: "pod")])
        #expect(changes.map(\.path) == [F.config])
        #expect(changes[0].after == "cluster-init: true\negress-selector-mode: pod\n")
    }

    @Test func missingConfigIsCreated() throws {
        let changes = try edit([:], [.set("write-kubeconfig-mode", to: "0644")])
        #expect(changes.count == 1)
        #expect(changes[0].before == "")
        #expect(changes[0].after == "write-kubeconfig-mode: \"0644\"\n")
        #expect(changes[0].diff.contains("@@ -0,0 +1 @@"))
    }

    @Test func changesToOneFileComposeIntoOneFileChange() throws {
        let changes = try edit([F.config: "flannel-backend: wireguard\nnode-ip: 10.0.0.1\n"],
                               [.set("flannel-backend", to: "wireguard-native"), .set("node-ip", to: "10.0.0.2"),
                                .set("flannel-backend", to: "host-gw"), .remove("node-ip"), .set("node-ip", to: "10.0.0.3")])
        #expect(changes.count == 1)
        #expect(changes[0].after == "flannel-backend: host-gw\nnode-ip: 10.0.0.3\n")
    }

    @Test func symlinkedConfigIsWrittenAtItsTarget() throws {
        var facts = F.facts([F.config: "flannel-backend: wireguard\n"])
        facts.files[F.config]?.symlinkTarget = "/srv/k3s/config.yaml"
        let changes = try NodeSettings(facts: facts, role: .server).edits(setting: "flannel-backend", to: ["wireguard-native"], asList: false)
        #expect(changes[0].path == F.config)
        #expect(changes[0].writePath == "/srv/k3s/config.yaml")
    }

    @Test func diffsNeverShowSecrets() throws {
        let config = "token: K10abcdefSECRET::server:0123456789\nflannel-backend: wireguard\nvpn-auth: \"name=tailscale,joinKey=tskey-auth-XYZ123\"\n"
        let unit = "[Service]\nExecStart=/usr/local/bin/k3s agent --token K10abcdefSECRET::server:0123456789 --node-ip=10.0.0.1\n"
        let changes = try edit([F.config: config, F.agentUnit: unit], role: .agent,
                               [.set("flannel-backend", to: "wireguard-native"), .set("node-ip", to: "10.0.0.2"),
                                .set("vpn-auth", to: "name=tailscale,joinKey=tskey-auth-NEW999")])
        #expect(changes.count == 2)
        for change in changes {
            #expect(!change.diff.contains("SECRET"))
            #expect(!change.diff.contains("tskey-auth"))
            #expect(change.diff.contains("********"))
        }
        #expect(changes.contains { $0.after.contains("tskey-auth-NEW999") })
    }

    @Test func appendEntriesAreKeptWhenTheyStillApply() throws {
        let files = [F.config: "node-label:\n  - a=1\n", F.dropIn("x.yaml"): "node-label+:\n  - b=2\n"]
        let kept = try edit(files, [.set("node-label", toList: ["a=9", "b=2"])])
        #expect(kept.map(\.path) == [F.config])
        let replaced = try edit(files, [.set("node-label", toList: ["c=3"])])
        #expect(replaced.map(\.path) == [F.config, F.dropIn("x.yaml")])
        #expect(replaced[1].after == "")
        var facts = F.facts(files)
        for change in replaced { facts.files[change.path] = FileFact(path: change.path, text: change.after) }
        #expect(NodeSettings(facts: facts, role: .server).effective("node-label")?.values == ["c=3"])
    }

    @Test func oneItemListAndScalarAreTheSameSetting() throws {
        let files = [F.config: "flannel-backend:\n  - \"wireguard\"\nnode-ip: 10.0.0.1\n"]
        #expect(try edit(files, [.set("node-ip", toList: ["10.0.0.1"])]).isEmpty)
        let changes = try edit(files, [.set("flannel-backend", to: "wireguard-native")])
        #expect(changes[0].after == "flannel-backend:\n  - \"wireguard-native\"\nnode-ip: 10.0.0.1\n")
    }

    @Test func listCollapsesToScalarWhenAskedForOne() throws {
        let changes = try edit([F.config: "tls-san: # names\n  - a\n  - b\nnext: 1\n"], [.set("tls-san", to: "c")])
        #expect(changes[0].after == "tls-san: c # names\nnext: 1\n")
    }

    @Test func multiLineScalarIsRewrittenWhole() throws {
        let changes = try edit([F.config: "node-name: >\n  folded\n  name\nx: 1\n"], [.set("node-name", to: "n1")])
        #expect(changes[0].after == "node-name: n1\nx: 1\n")
    }

    @Test func emptyValueGetsOne() throws {
        let changes = try edit([F.config: "node-name:\nx: 1\n"], [.set("node-name", to: "n1")])
        #expect(changes[0].after == "node-name: n1\nx: 1\n")
    }

    @Test func duplicateKeyEditsTheWinner() throws {
        let changes = try edit([F.config: "node-name: a\nnode-name: b\n"], [.set("node-name", to: "c")])
        #expect(changes[0].after == "node-name: a\nnode-name: c\n")
    }

    @Test func byteOrderMarkIsKept() throws {
        let changes = try edit([F.config: "\u{FEFF}flannel-backend: wireguard\n"], [.set("flannel-backend", to: "host-gw")])
        #expect(changes[0].after == "\u{FEFF}flannel-backend: host-gw\n")
    }

    @Test func invalidConfigCannotTakeANewKey() {
        #expect(throws: Diagnostic.self) { try edit([F.config: "a: [b\n"], [.set("flannel-backend", to: "vxlan")]) }
    }
}
