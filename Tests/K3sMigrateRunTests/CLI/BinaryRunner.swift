import Foundation

/// Runs the built `k3smigrate` binary (it sits beside the test bundle) and captures its output.
struct BinaryRunner {
    static let repoRoot = String(#filePath).components(separatedBy: "/Tests/")[0]

    static var binary: String {
        let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundleDir, bundleDir.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("k3smigrate").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return repoRoot + "/.build/debug/k3smigrate"
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], cwd: String = repoRoot,
                    measurePeak: Bool = false) throws -> ProcessRunner.Result {
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        return try ProcessRunner.run(binary, arguments, environment: env, cwd: cwd, measurePeak: measurePeak)
    }
}
