import Testing
import Foundation
import Yams
@testable import K3sMigrateCore

@Suite struct ZZPerfProbe {
    func time(_ label: String, _ body: () throws -> Void) rethrows {
        let start = Date()
        for _ in 0..<2000 { try body() }
        print("PERF \(label) \(Date().timeIntervalSince(start) / 2000 * 1e6) us")
    }

    @Test func measure() throws {
        let config = try SettingsFixtures.text("realworld/config/02-dev-iac-flannel-none-quoted.yaml")
        let unit = try SettingsFixtures.text("realworld/unit/09-jmainguy-wireguard-native-external-ip.service")
        time("yams compose") { _ = try? Yams.compose(yaml: config) }
        time("yams parser") { _ = try? Parser(yaml: config).nextRoot() }
        time("textbuffer") { _ = TextBuffer(config) }
        time("yaml file") { _ = YAMLConfigFile(path: "x", origin: .configFile, text: config, host: nil) }
        time("unit") { _ = SystemdUnitReader.read(path: "u", text: unit, host: nil) }
        let facts = SettingsFixtures.facts([K3sPaths.config: config, K3sPaths.systemdUnit(.server): unit])
        time("node") { _ = NodeSettings(facts: facts, role: .server) }
        let s = NodeSettings(facts: facts, role: .server)
        try time("edit") { _ = try s.edits([.set("flannel-backend", to: "host-gw")]) }
    }
}
