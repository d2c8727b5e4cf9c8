import Foundation
import Testing
@testable import K3sMigrateCore

/// Edits of realistic files compared byte for byte with Fixtures/Settings/golden/<case>/*.expected,
/// and checked to touch only the lines meant to change. After an intended change of output, run
/// once with K3SMIGRATE_RECORD_GOLDEN=1 to rewrite the .expected files, then review their diff.
@Suite struct GoldenEditTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var role: Role = .server
        /// Host path -> fixture file name inside the case directory.
        var files: [String: String]
        var changes: [SettingChange]
        /// Per fixture file: 1-based lines of the input that are replaced or deleted, and of the
        /// output that are new or replaced.
        var removed: [String: Set<Int>]
        var added: [String: Set<Int>]

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "config-comments-quotes", files: [K3sPaths.config: "config.yaml"],
             changes: [.set("flannel-backend", to: "wireguard-native"),
                       .set("node-external-ip", to: "198.51.100.1"),
                       .set("tls-san", toList: ["k3s.example.com", "10.0.0.10", "k3s.internal"])],
             removed: ["config.yaml": [9, 10]], added: ["config.yaml": [7, 10, 11]]),
        Case(name: "config-list-items", files: [K3sPaths.config: "config.yaml"],
             changes: [.set("node-ip", toList: ["192.168.1.11", "fd00::11"]),
                       .set("disable", toList: ["traefik"]),
                       .set("kubelet-arg", toList: ["max-pods=250", "eviction-hard=memory.available<100Mi", "image-gc-high-threshold=80"])],
             removed: ["config.yaml": [3, 4, 9, 11]], added: ["config.yaml": [3, 4, 10]]),
        Case(name: "config-zero-indent", files: [K3sPaths.config: "config.yaml"],
             changes: [.set("kube-apiserver-arg", toList: ["oidc-issuer-url=https://issuer.example.com", "oidc-client-id=abc123", "oidc-username-claim=email"]),
                       .set("node-label", toList: ["zone=b"])],
             removed: ["config.yaml": [6]], added: ["config.yaml": [5, 7]]),
        Case(name: "config-key-plus", files: [K3sPaths.config: "config.yaml", K3sPaths.dropInDir + "/50-labels.yaml": "50-labels.yaml"],
             changes: [.set("node-label", toList: ["region=us", "tier=edge"]),
                       .set("flannel-iface", to: "eth2"),
                       .set("flannel-backend", to: "wireguard-native")],
             removed: ["config.yaml": [2, 3], "50-labels.yaml": [4]], added: ["config.yaml": [2, 3], "50-labels.yaml": [4]]),
        Case(name: "config-crlf", files: [K3sPaths.config: "config.yaml"],
             changes: [.set("flannel-backend", to: "wireguard-native"),
                       .set("disable", toList: ["traefik", "servicelb"]),
                       .set("node-external-ip", to: "203.0.113.7")],
             removed: ["config.yaml": [1]], added: ["config.yaml": [1, 5, 6]]),
        Case(name: "config-no-final-newline", files: [K3sPaths.config: "config.yaml"],
             changes: [.set("tls-san", toList: ["matrix", "matrix.example.com"]),
                       .set("flannel-backend", to: "wireguard-native")],
             removed: ["config.yaml": [3]], added: ["config.yaml": [3, 4, 5]]),
        Case(name: "config-flow-list", files: [K3sPaths.config: "config.yaml"],
             changes: [.set("tls-san", toList: ["k3s.local", "10.0.0.1", "k3s.example.com"]),
                       .set("disable", toList: ["traefik", "servicelb"])],
             removed: ["config.yaml": [1, 2]], added: ["config.yaml": [1, 2]]),
        Case(name: "config-scalar-to-list", files: [K3sPaths.config: "config.yaml"],
             changes: [.set("disable", toList: ["servicelb", "traefik"])],
             removed: ["config.yaml": [2]], added: ["config.yaml": [2, 3, 4]]),
        Case(name: "config-remove-block-list", files: [K3sPaths.config: "config.yaml"],
             changes: [.remove("etcd-arg")],
             removed: ["config.yaml": [2, 3, 4, 5, 6, 7]], added: ["config.yaml": []]),
        Case(name: "dropin-beats-config", files: [K3sPaths.config: "config.yaml", K3sPaths.dropInDir + "/90-network.yml": "90-network.yml"],
             changes: [.set("flannel-backend", to: "wireguard-native")],
             removed: ["config.yaml": [], "90-network.yml": [2]], added: ["config.yaml": [], "90-network.yml": [2]]),
        Case(name: "unit-one-line-quoted", files: [K3sPaths.systemdUnit(.server): "k3s.service"],
             changes: [.set("flannel-backend", to: "wireguard-native")],
             removed: ["k3s.service": [22]], added: ["k3s.service": [22]]),
        Case(name: "unit-two-line-value", role: .agent, files: [K3sPaths.systemdUnit(.agent): "k3s-agent.service"],
             changes: [.set("node-external-ip", to: "198.51.100.21"), .set("node-label", to: "it's=fine")],
             removed: ["k3s-agent.service": [7, 9]], added: ["k3s-agent.service": [7, 9]]),
        Case(name: "unit-single-line-exec", files: [K3sPaths.systemdUnit(.server): "k3s.service"],
             changes: [.set("flannel-backend", to: "wireguard-native"), .set("node-external-ip", to: "203.0.113.10")],
             removed: ["k3s.service": [7]], added: ["k3s.service": [7]]),
        Case(name: "unit-remove-last-flag", files: [K3sPaths.systemdUnit(.server): "k3s.service"],
             changes: [.remove("flannel-external-ip")],
             removed: ["k3s.service": [39, 40]], added: ["k3s.service": [39]]),
        Case(name: "unit-list-grow-inline", files: [K3sPaths.systemdUnit(.server): "k3s.service"],
             changes: [.set("tls-san", toList: ["hetzner-bootc.tail6c5ea9.ts.net", "100.100.156.26", "100.100.156.27"])],
             removed: ["k3s.service": [11]], added: ["k3s.service": [11]]),
        Case(name: "openrc-command-args", files: [K3sPaths.openrcScript(.server): "k3s"],
             changes: [.set("flannel-backend", to: "wireguard-native"), .set("node-external-ip", to: "203.0.113.6")],
             removed: ["k3s": [6, 7]], added: ["k3s": [6, 7]]),
        Case(name: "config-append-new-key", files: [K3sPaths.config: "config.yaml"],
             changes: [.set("node-external-ip", to: "203.0.113.7")],
             removed: ["config.yaml": []], added: ["config.yaml": [4]]),
        Case(name: "config-create-missing", files: [:],
             changes: [.set("flannel-backend", to: "wireguard-native"), .set("disable", toList: ["traefik", "servicelb"])],
             removed: [:], added: ["config.yaml": [1, 2, 3, 4]]),
    ]

    @Test(arguments: cases)
    func golden(_ testCase: Case) throws {
        let directory = "golden/\(testCase.name)/"
        var files: [String: String] = [:]
        for (hostPath, name) in testCase.files { files[hostPath] = try SettingsFixtures.text(directory + name) }
        let settings = NodeSettings(facts: SettingsFixtures.facts(files), role: testCase.role)
        let changes = try settings.edits(testCase.changes)

        let expectedNames = try SettingsFixtures.names(in: directory).filter { $0.hasSuffix(".expected") }
        let changedNames = changes.map { ($0.path as NSString).lastPathComponent }
        #expect(Set(changedNames) == Set(expectedNames.map { String($0.dropLast(".expected".count)) }))
        for change in changes {
            let name = (change.path as NSString).lastPathComponent
            let expectedPath = directory + name + ".expected"
            if ProcessInfo.processInfo.environment["K3SMIGRATE_RECORD_GOLDEN"] == "1" {
                try Data(change.after.utf8).write(to: SettingsFixtures.root.appendingPathComponent(expectedPath))
            }
            let expected = try SettingsFixtures.text(expectedPath)
            #expect(Array(change.after.utf8) == Array(expected.utf8), "\(name) differs from \(expectedPath)")
            let touched = LineChanges(before: change.before, after: change.after)
            #expect(touched.removed == testCase.removed[name] ?? [], "\(name): input lines replaced or deleted")
            #expect(touched.added == testCase.added[name] ?? [], "\(name): output lines new or replaced")
            #expect(change.diff.hasPrefix("--- a/\(change.path.drop { $0 == "/" })\n+++ b/\(change.path.drop { $0 == "/" })\n"))
        }
        // The edited files read back with the values asked for.
        var facts = SettingsFixtures.facts(files)
        for change in changes { facts.files[change.path] = FileFact(path: change.path, text: change.after) }
        let reread = NodeSettings(facts: facts, role: testCase.role)
        for change in testCase.changes {
            if change.remove {
                #expect(reread.effective(change.key) == nil)
            } else {
                #expect(reread.effective(change.key)?.values == change.values, "\(change.key) after edit")
            }
        }
        #expect(!reread.diagnostics.hasErrors)
    }
}

/// Which lines an edit replaced, deleted or added, from a longest-common-subsequence match.
struct LineChanges {
    var removed: Set<Int> = []
    var added: Set<Int> = []

    init(before: String, after: String) {
        let old = UnifiedDiff.DiffLine.split(before)
        let new = UnifiedDiff.DiffLine.split(after)
        let script = UnifiedDiff.editScript(old.map(\.text), new.map(\.text), oldEnds: old.map(\.ended), newEnds: new.map(\.ended))
        for op in script {
            switch op.kind {
            case .delete: removed.insert(op.oldIndex! + 1)
            case .insert: added.insert(op.newIndex! + 1)
            case .same: break
            }
        }
    }
}
