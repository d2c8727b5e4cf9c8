import Foundation
import Testing

/// The DOT and Mermaid pictures of the example fleet's plan, ranked by phase.
@Suite("plan pictures (built binary)")
struct PictureTests {
    let base = ["plan", "-i", BinaryRunner.repoRoot + "/inventory.example.yaml", "-p", "wireguard-native",
                "--from-dir", BinaryRunner.repoRoot + "/fixtures/example-nodes"]
    static let phases = ["preflight", "server edits", "restart s1", "restart s2", "restart s3", "agent batch 1"]

    /// Which phase each step id sits in, read from the rendered text.
    private func phaseOfStep(_ text: String, phaseStart: String, stepID: (Substring) -> String?) -> (names: [String], steps: [String: String]) {
        var names: [String] = [], steps: [String: String] = [:]
        for line in text.split(separator: "\n") {
            if let range = line.range(of: phaseStart) {
                let rest = line[range.upperBound...]
                names.append(String(rest.prefix { $0 != "\"" }))
            } else if let id = stepID(line), let phase = names.last {
                steps[id] = phase
            }
        }
        return (names, steps)
    }

    @Test("DOT: one cluster per phase in order, numbered steps, changes filled, a legend")
    func dot() throws {
        let result = try BinaryRunner.run(base + ["--format", "dot"])
        #expect(result.status == 0)
        let text = result.stdout.components(separatedBy: "subgraph cluster_legend")[0]
        let (names, steps) = phaseOfStep(text, phaseStart: "label=\"phase ") { line in
            guard line.hasPrefix("    \""), line.contains("[label=") else { return nil }
            return String(line.dropFirst(5).prefix { $0 != "\"" })
        }
        #expect(names.map { String($0.drop { $0 != " " }.dropFirst()) } == Self.phases)
        #expect(steps["s1/preflight"] == "1: preflight" && steps["@preflight"] == "1: preflight")
        #expect(steps["s1/edit:config.yaml"] == "2: server edits" && steps["s3/daemon-reload"] == "2: server edits")
        #expect(steps["s1/restart"] == "3: restart s1" && steps["s1/health"] == "3: restart s1")
        #expect(steps["s2/restart"] == "4: restart s2" && steps["s3/health"] == "5: restart s3")
        #expect(steps["a1/restart"] == "6: agent batch 1" && steps["gpu1/health"] == "6: agent batch 1")
        #expect(result.stdout.contains("\"s1/restart\" [label=\"17. restart\\ns1: restart k3s\", style=filled"))
        #expect(result.stdout.contains("\"s1/health\" [label=\"18. health-gate\\ns1: wait until"))
        #expect(!result.stdout.contains("\"s1/health\" [label=\"18. health-gate\\ns1: wait until k3s is active and s1 is Ready on wireguard-native\", style=filled"))
        #expect(result.stdout.contains("subgraph cluster_legend"))
        #expect(result.stdout.contains("\"legend/irreversible\" [label=\"cannot be undone\", color=red"))
    }

    @Test("Mermaid: one subgraph per phase in order, numbered steps, changing steps classed")
    func mermaid() throws {
        let result = try BinaryRunner.run(base + ["--format", "mermaid"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("flowchart TB\n"))
        let (names, steps) = phaseOfStep(result.stdout, phaseStart: "[\"phase ") { line in
            guard line.hasPrefix("    n"), let number = line.dropFirst(5).split(whereSeparator: { !$0.isNumber }).first else { return nil }
            return String(number)
        }
        #expect(names.map { String($0.drop { $0 != " " }.dropFirst()) } == Self.phases)
        #expect(steps["1"] == "1: preflight" && steps["8"] == "1: preflight")
        #expect(steps["17"] == "3: restart s1" && steps["18"] == "3: restart s1")
        #expect(steps["24"] == "6: agent batch 1")
        #expect(result.stdout.contains("    n17[\"17. restart<br/>s1: restart k3s\"]"))
        #expect(result.stdout.contains("  n16 --> n17"))
        let changeLine = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("  class ") && $0.hasSuffix(" change") })
        #expect(changeLine.contains("n17") && !changeLine.contains("n18,"))
    }
}
