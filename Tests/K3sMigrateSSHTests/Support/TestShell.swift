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
        let stamp = "\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let outPath = "/tmp/k3smigrate-test-out-\(stamp)"
        let errPath = "/tmp/k3smigrate-test-err-\(stamp)"
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        let child = try ChildProcess(executable, arguments, environment: environment, outputPath: outPath, errorPath: errPath)
        let status = child.wait()
        let output = Output(status: status,
                            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
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
