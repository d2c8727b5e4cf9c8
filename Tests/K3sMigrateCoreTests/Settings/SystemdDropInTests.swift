import Testing
@testable import K3sMigrateCore

/// `systemctl edit k3s` drop-ins (k3s.service.d/*.conf); INSTALL_K3S_NAME units: NamedServiceTests.
@Suite("systemd drop-ins and named units")
struct SystemdDropInTests {
    typealias F = SettingsFixtures
    static let dropIn = K3sPaths.systemdUnit(.server) + ".d/override.conf"
    static let unit = EnvironmentAndConfigFileTests.unit(.server, ["--flannel-backend=wireguard", "--node-label", "a=1"])

    @Test("a drop-in that resets and replaces ExecStart: its flags are in effect, and edits go there")
    func execStartReplaced() throws {
        let override = "[Service]\nExecStart=\nExecStart=/usr/local/bin/k3s server --flannel-backend=ipsec --node-label=b=2\n"
        let s = NodeSettings(facts: F.facts([F.serverUnit: Self.unit, Self.dropIn: override]), role: .server)
        #expect(s.effective("flannel-backend")?.value == "ipsec")
        #expect(s.effective("flannel-backend")?.location.file == Self.dropIn)
        #expect(s.effective("node-label")?.values == ["b=2"], "the unit's own command no longer runs")
        let edits = try s.edits([.set("flannel-backend", to: "wireguard-native")])
        #expect(edits.map(\.path) == [Self.dropIn])
        #expect(edits[0].after == "[Service]\nExecStart=\nExecStart=/usr/local/bin/k3s server --flannel-backend=wireguard-native --node-label=b=2\n")
        #expect(ServiceManager.systemd.needsReload(after: Self.dropIn))
    }

    @Test("a drop-in that only adds Environment=: the unit's flags stay, its variables count")
    func environmentOnly() {
        let override = "[Service]\nEnvironment=\"K3S_URL=https://10.0.0.1:6443\"\n"
        let s = NodeSettings(facts: F.facts([F.serverUnit: Self.unit, Self.dropIn: override]), role: .server)
        #expect(s.effective("flannel-backend")?.location.file == F.serverUnit)
        #expect(s.effective("server")?.value == "https://10.0.0.1:6443")
        #expect(s.effective("server")?.location == SourceLocation(file: Self.dropIn, line: 2))
        #expect(s.diagnostics.isEmpty)
    }

    @Test("a drop-in adding a second ExecStart= without the reset: refused with the reason")
    func secondExecStartRefused() throws {
        var fleet = TestFleet()
        fleet.server("s1", config: "cluster-init: true\nflannel-backend: wireguard\n",
                     extra: [Self.dropIn: "[Service]\nExecStart=/usr/local/bin/k3s server --debug\n"])
        #expect(throws: DiagnosticsError.self) { try fleet.plan() }
        do { _ = try fleet.plan() } catch let error as DiagnosticsError {
            #expect(error.diagnostics.map(\.rule).contains("unit-dropin-execstart"))
        }
    }
}
