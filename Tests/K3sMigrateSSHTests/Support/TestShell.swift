import Foundation

/// Runs local programs for test setup (ssh-keygen, ssh-add, useradd) and reports their output.
enum TestShell {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    struct Failure: Error, CustomStringConvertible {
        var command: String
        var output: Output
        var description: String { "`\(command)` exited \(output.status): \(output.stderr)" }
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    check: Bool = true) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                            stderr: String(decoding: stderr, as: UTF8.self))
        if check && output.status != 0 {
            throw Failure(command: ([executable] + arguments).joined(separator: " "), output: output)
        }
        return output
    }

    /// `sh -c script` for setup steps that are clearer as a shell line.
    @discardableResult
    static func sh(_ script: String) throws -> Output {
        try run("/bin/sh", ["-c", script])
    }
}
