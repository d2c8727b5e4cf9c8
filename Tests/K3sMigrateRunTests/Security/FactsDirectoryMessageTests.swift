import Foundation
import Testing

/// A facts directory a reviewer can't trust is refused in one line through the binary: rule
/// `facts-dir`, host and file named once, exit 1 (not `[internal]`, not a usage error).
@Suite("facts directory refusals through the binary")
struct FactsDirectoryMessageTests {
    @Test func aFIFOWhereConfigYamlShouldBeIsOneClearLine() throws {
        let root = NSTemporaryDirectory() + "k3smigrate-factsmsg-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.copyItem(atPath: BinaryRunner.repoRoot + "/fixtures/example-nodes", toPath: root)
        let config = root + "/a1/etc/rancher/k3s/config.yaml"
        try FileManager.default.removeItem(atPath: config)
        #expect(mkfifo(config, 0o600) == 0)
        let text = try BinaryRunner.run(["plan", "-i", "inventory.example.yaml", "-p", "wireguard-native", "--from-dir", root])
        #expect(text.status == 1)
        let errors = text.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(errors == ["error: host a1: \(config): \(config) is a FIFO, not a regular file: refusing to read it [facts-dir]"], "\(text.stderr)")
        #expect(!text.stderr.contains("[internal]") && !text.stderr.contains("Usage:"))

        let json = try BinaryRunner.run(["plan", "-i", "inventory.example.yaml", "-p", "wireguard-native", "--from-dir", root, "--format", "json"])
        #expect(json.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let problem = try #require((document["problems"] as? [[String: Any]])?.first)
        #expect(problem["rule"] as? String == "facts-dir")
        #expect(problem["host"] as? String == "a1")
        #expect(problem["file"] as? String == config)
    }
}
