import Foundation

/// Runs a program to completion and captures its output, for tests that drive the built binary
/// or the lab script.
enum ProcessRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// The child's peak resident memory (VmHWM) in KiB, when measured: read from
        /// /proc/PID/status every 10 ms while it runs, so a peak in its last 10 ms can be missed.
        var peakKiB: Int?
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    cwd: String? = nil, measurePeak: Bool = false) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        if let environment { process.environment = environment }
        // Files rather than pipes: a full stderr pipe can't stall the child while stdout is read.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("k3smigrate-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out"), err = dir.appendingPathComponent("err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var peak: Int?
        if measurePeak {
            let status = "/proc/\(process.processIdentifier)/status"
            while process.isRunning {
                if let text = try? String(contentsOfFile: status, encoding: .utf8),
                   let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
                   let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") {
                    peak = max(peak ?? 0, kib)
                }
                usleep(10_000)
            }
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "",
                      peakKiB: peak)
    }
}
