import Foundation
import Testing
@testable import K3sMigrateCore
@testable import K3sMigrateRun

/// A lab fleet (Tests/lab/lab) for one test: namespaced nodes running sshd and the K3s emulator.
/// Always `down()` it in a `defer`.
struct LabFleet {
    let name: String
    let inventoryPath: String
    var stateDirectory: String { (inventoryPath as NSString).deletingLastPathComponent }

    static let script = String(#filePath).components(separatedBy: "/Tests/")[0] + "/Tests/lab/lab"

    /// Whether lab tests can run here: root, and the tools the lab needs.
    static var available: Bool {
        getuid() == 0 && ["/usr/sbin/sshd", "/usr/bin/python3", "/usr/sbin/ip", "/usr/bin/unshare"].allSatisfy {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// Lab tests run when the lab can run, and must run (and fail loudly) when K3SMIGRATE_REQUIRE_LAB=1.
    static var enabled: Bool { available || ProcessInfo.processInfo.environment["K3SMIGRATE_REQUIRE_LAB"] == "1" }

    static func up(_ name: String, servers: Int, agents: Int, scenario: String = "vxlan", extra: [String] = []) throws -> LabFleet {
        let uniqueName = "\(name)-\(getpid() % 10000)"
        let result = try LabFleet.run([script, "up", "--name", uniqueName, "--servers", String(servers),
                                       "--agents", String(agents), "--scenario", scenario, "--replace"] + extra)
        guard result.status == 0 else {
            _ = try? LabFleet.run([script, "down", "--name", uniqueName])
            throw LabError.failed("lab up \(uniqueName) exited \(result.status): \(result.stderr.suffix(2000))")
        }
        return LabFleet(name: uniqueName, inventoryPath: result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    func down() {
        _ = try? LabFleet.run([LabFleet.script, "down", "--name", name])
    }

    /// Runs a command inside a node, as root, bypassing SSH (to lay down or inspect state).
    @discardableResult
    func exec(_ node: String, _ command: String) throws -> (status: Int32, stdout: String, stderr: String) {
        try LabFleet.run([LabFleet.script, "exec", "--name", name, node, "--", "sh", "-c", command])
    }

    /// The lab's restart log lines.
    func restartLog() throws -> [String] {
        try String(contentsOfFile: stateDirectory + "/restarts.log", encoding: .utf8).split(separator: "\n").map(String.init)
    }

    func inventory() throws -> Inventory {
        try InventoryParser.parse(try String(contentsOfFile: inventoryPath, encoding: .utf8), file: inventoryPath)
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let result = try ProcessRunner.run(arguments[0], Array(arguments.dropFirst()))
        return (result.status, result.stdout, result.stderr)
    }
}

enum LabError: Error, CustomStringConvertible {
    case failed(String)
    var description: String {
        switch self { case .failed(let message): return message }
    }
}
