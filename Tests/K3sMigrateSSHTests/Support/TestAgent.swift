import Foundation

/// A private ssh-agent (`ssh-agent -D -a socket`), killed by `stop()`.
final class TestAgent {
    let socket: String
    private let process: Process

    init(directory: TemporaryDirectory) throws {
        socket = directory.file("agent.sock")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-agent")
        process.arguments = ["-D", "-a", socket]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(5)
        while !FileManager.default.fileExists(atPath: socket) && Date() < deadline { usleep(10_000) }
    }

    func add(_ keyPath: String) throws {
        try TestShell.run("/usr/bin/ssh-add", ["-q", keyPath], environment: ["SSH_AUTH_SOCK": socket])
    }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
    }
}
