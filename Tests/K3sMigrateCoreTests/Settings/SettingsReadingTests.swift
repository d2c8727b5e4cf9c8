import Testing
@testable import K3sMigrateCore

@Suite struct SettingsReadingTests {
    typealias F = SettingsFixtures

    @Test func precedenceConfigThenDropInsByNameThenUnitFlags() {
        let facts = F.facts([
            F.config: "flannel-backend: vxlan\nnode-label:\n  - a=1\n",
            F.dropIn("20-b.yml"): "flannel-backend: host-gw\nnode-label+:\n  - b=2\n",
            F.dropIn("10-a.yaml"): "flannel-backend: wireguard\nnode-label+: [c=3]\n",
            F.dropIn("30-ignored.txt"): "flannel-backend: none\n",
            F.serverUnit: "[Service]\nExecStart=/usr/local/bin/k3s server '--egress-selector-mode=pod'\n",
        ])
        let s = NodeSettings(facts: facts, role: .server)
        #expect(s.occurrences.filter { $0.key == "flannel-backend" }.map(\.value) == ["vxlan", "wireguard", "host-gw"])
        #expect(s.effective("flannel-backend")?.value == "host-gw")
        #expect(s.effective("flannel-backend")?.origin == .dropIn)
        #expect(s.effective("flannel-backend")?.location == SourceLocation(file: F.dropIn("20-b.yml"), line: 1))
        #expect(s.effective("node-label")?.values == ["a=1", "c=3", "b=2"])
        #expect(s.effective("egress-selector-mode")?.origin == .systemdFlag)
        #expect(s.keys == ["egress-selector-mode", "flannel-backend", "node-label"])
    }

    @Test func unitFlagsOverrideFiles() {
        let s = NodeSettings(facts: F.facts([
            F.config: "flannel-backend: wireguard\n",
            F.serverUnit: "[Service]\nExecStart=/usr/local/bin/k3s server --flannel-backend=vxlan\n",
        ]), role: .server)
        #expect(s.effective("flannel-backend")?.value == "vxlan")
        #expect(s.effective("flannel-backend")?.location.file == F.serverUnit)
    }

    @Test func roleChoosesTheUnit() {
        let facts = F.facts([
            F.serverUnit: "[Service]\nExecStart=/usr/local/bin/k3s server --cluster-init\n",
            F.agentUnit: "[Service]\nExecStart=/usr/local/bin/k3s agent --node-ip=10.0.0.2\n",
        ])
        #expect(NodeSettings(facts: facts, role: .server).keys == ["cluster-init"])
        #expect(NodeSettings(facts: facts, role: .agent).keys == ["node-ip"])
    }

    @Test func invalidYAMLNamesFileLineAndColumn() throws {
        let s = NodeSettings(facts: F.facts([F.config: "flannel-backend: vxlan\ndisable:\n  - traefik\n - servicelb\n"]), role: .server)
        let error = try #require(s.diagnostics.first)
        #expect(error.rule == "invalid-yaml")
        #expect(error.severity == .error)
        #expect(error.location?.file == F.config)
        #expect(error.location?.line == 4)
        #expect(error.location?.column != nil)
        #expect(s.occurrences.isEmpty)
    }

    @Test func invalidDropInDoesNotHideTheMainFile() {
        let s = NodeSettings(facts: F.facts([F.config: "flannel-backend: vxlan\n", F.dropIn("x.yaml"): "a: [b\n"]), role: .server)
        #expect(s.effective("flannel-backend")?.value == "vxlan")
        #expect(s.diagnostics.map(\.rule) == ["invalid-yaml"])
        #expect(s.diagnostics.first?.location?.file == F.dropIn("x.yaml"))
    }

    @Test func topLevelMustBeAMapping() {
        let s = NodeSettings(facts: F.facts([F.config: "- flannel-backend\n"]), role: .server)
        #expect(s.diagnostics.map(\.rule) == ["invalid-yaml"])
    }

    @Test(arguments: ["", "# only a comment\n", "---\n", "---\n# nothing\n...\n", "\n\n"])
    func emptyDocumentsHaveNoSettings(_ text: String) {
        let s = NodeSettings(facts: F.facts([F.config: text]), role: .server)
        #expect(s.occurrences.isEmpty)
        #expect(s.diagnostics.isEmpty)
    }

    @Test func oddValuesAreReportedNotFatal() {
        let s = NodeSettings(facts: F.facts([F.config: """
        kubelet-arg:
          nested: map
        token: !vault |
          secret
        node-name:
        flannel-backend: vxlan

        """]), role: .server)
        #expect(s.diagnostics.map(\.rule) == ["unsupported-value", "unsupported-value", "empty-value"])
        #expect(s.diagnostics.map { $0.location?.line } == [1, 3, 5])
        #expect(s.effective("flannel-backend")?.value == "vxlan")
        #expect(s.effective("node-name")?.values == [""], "`key:` is --key= to K3s: empty, not the default")
        #expect(throws: Diagnostic.self) { try s.edits(setting: "kubelet-arg", to: ["x=1"], asList: true) }
    }

    @Test func flowMappingIsReadable() {
        let s = NodeSettings(facts: F.facts([F.config: "{flannel-backend: vxlan, disable: [traefik]}\n"]), role: .server)
        #expect(s.effective("disable")?.values == ["traefik"])
        #expect(throws: Diagnostic.self) { try s.edits(setting: "flannel-backend", to: ["host-gw"], asList: false) }
    }

    @Test func severalDocumentsWarn() {
        let s = NodeSettings(facts: F.facts([F.config: "a: 1\n---\nb: 2\n"]), role: .server)
        #expect(s.diagnostics.map(\.rule) == ["multiple-documents"])
        #expect(s.keys == ["a"])
    }

    @Test func openRCMultiLineCommandArgs() throws {
        let text = try SettingsFixtures.text("golden/openrc-command-args/k3s")
        let s = NodeSettings(facts: F.facts([K3sPaths.openrcScript(.server): text]), role: .server)
        #expect(s.effective("flannel-backend")?.value == "wireguard")
        #expect(s.effective("flannel-backend")?.location.line == 6)
        #expect(s.effective("node-external-ip")?.value == "203.0.113.5")
        #expect(s.effective("node-external-ip")?.location.line == 7)
        #expect(s.diagnostics.isEmpty)
    }

    @Test func unitWithoutK3sBinaryOrExecStart() {
        let wrapper = NodeSettings(facts: F.facts([F.serverUnit: "[Service]\nExecStart=/bin/sh -c 'k3s server --x'\n"]), role: .server)
        #expect(wrapper.diagnostics.map(\.rule) == ["unrecognized-execstart"])
        let none = NodeSettings(facts: F.facts([F.serverUnit: "[Unit]\nDescription=x\n"]), role: .server)
        #expect(none.diagnostics.map(\.rule) == ["no-execstart"])
    }

    @Test func effectiveValuesFallBackToDefaults() {
        let s = NodeSettings(facts: F.facts([:]), role: .server)
        #expect(s.effectiveValues("flannel-backend") == ["vxlan"])
        #expect(s.effectiveValues("cluster-init") == ["false"])
        #expect(s.effectiveValues("node-name") == nil)
    }
}
