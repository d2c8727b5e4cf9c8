import Foundation
@testable import K3sMigrateCore

/// Fixture files under Tests/K3sMigrateCoreTests/Fixtures/Settings, found from this file's path.
enum SettingsFixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/Settings")

    static func text(_ relativePath: String) throws -> String {
        let data = try Data(contentsOf: root.appendingPathComponent(relativePath))
        return String(decoding: data, as: UTF8.self)
    }

    static func names(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(directory).path).sorted()
    }

    /// Facts of one host holding `files` (path to text).
    static func facts(_ files: [String: String], host: String = "node1", version: K3sVersion? = nil,
                      modules: Set<String>? = nil) -> HostFacts {
        HostFacts(host: host, files: files.mapValues { FileFact(path: "", text: $0) }.reduce(into: [:]) { result, pair in
            result[pair.key] = FileFact(path: pair.key, text: pair.value.text)
        }, k3sVersion: version, kernelModules: modules)
    }

    static let config = K3sPaths.config
    static let serverUnit = K3sPaths.systemdUnit(.server)
    static let agentUnit = K3sPaths.systemdUnit(.agent)
    static func dropIn(_ name: String) -> String { K3sPaths.dropInDir + "/" + name }
}
