import Foundation
import Testing

/// What tests read back from lab nodes, bypassing SSH and k3smigrate.
extension LabFleet {
    struct FileState: Equatable, CustomStringConvertible {
        var content: String
        var modeOwner: String
        var description: String { "\(modeOwner): \(content.debugDescription)" }
    }

    /// `k3sFiles` of each of `nodes`, by node: what the lab tests compare before and after a run.
    func k3sFiles(of nodes: [String]) throws -> [String: [String: FileState]] {
        var files: [String: [String: FileState]] = [:]
        for node in nodes { files[node] = try k3sFiles(node) }
        return files
    }

    /// A fresh state directory path for one test's runs.
    static func stateDir() -> String { NSTemporaryDirectory() + "k3smigrate-state-\(UUID().uuidString)" }

    /// Content, mode and owner of every K3s file on a node (nil entries for missing files).
    func k3sFiles(_ node: String) throws -> [String: FileState] {
        let script = """
            for f in /etc/rancher/k3s/config.yaml /etc/rancher/k3s/config.yaml.d/* /etc/systemd/system/k3s.service /etc/systemd/system/k3s-agent.service; do
              [ -f "$f" ] || continue
              printf '%s\\t%s\\t%s\\n' "$f" "$(stat -c '%a %U %G' "$f")" "$(base64 -w0 "$f")"
            done
            """
        let result = try exec(node, script)
        var files: [String: FileState] = [:]
        for line in result.stdout.split(separator: "\n") {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, let data = Data(base64Encoded: parts[2]) else { continue }
            files[parts[0]] = FileState(content: String(decoding: data, as: UTF8.self), modeOwner: parts[1])
        }
        return files
    }

    /// Node name -> (Ready, flannel backend-type annotation), as a server's kubectl sees them.
    func nodes(askingServer server: String = "s1") throws -> [String: (ready: Bool, backend: String?)] {
        let result = try exec(server, "k3s kubectl get nodes -o json")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        var nodes: [String: (Bool, String?)] = [:]
        for item in object?["items"] as? [[String: Any]] ?? [] {
            let metadata = item["metadata"] as? [String: Any]
            let name = metadata?["name"] as? String ?? "?"
            let backend = (metadata?["annotations"] as? [String: String])?["flannel.alpha.coreos.com/backend-type"]
            let conditions = (item["status"] as? [String: Any])?["conditions"] as? [[String: Any]] ?? []
            let ready = conditions.contains { $0["type"] as? String == "Ready" && $0["status"] as? String == "True" }
            nodes[name] = (ready, backend)
        }
        return nodes
    }

    /// Completed restarts (`ok` or `failed` lines) after `since`, in log order: (node, result).
    func restarts(since: Date) throws -> [(node: String, phase: String, result: String)] {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return try restartLog().compactMap { line in
            let words = line.split(separator: " ").map(String.init)
            guard words.count >= 5, let time = formatter.date(from: words[0]), time >= since,
                  words[2] == "restart" || words[2] == "start" else { return nil }
            return (words[1], words[2], words[4])
        }
    }
}

/// Runs the k3smigrate binary in the background, for tests that interrupt it.
final class BackgroundRun {
    let process = Process()
    let output: URL

    init(_ arguments: [String]) throws {
        output = FileManager.default.temporaryDirectory.appendingPathComponent("k3smigrate-bg-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: BinaryRunner.binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        process.environment = env
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    var text: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

    func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit { try? FileManager.default.removeItem(at: output) }
}

/// Polls `condition` every 50 ms until it holds or `seconds` pass.
func eventually(_ seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(50_000)
    }
    return try condition()
}
