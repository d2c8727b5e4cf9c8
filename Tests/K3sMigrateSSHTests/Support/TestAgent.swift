import Foundation

/// A private ssh-agent (`ssh-agent -D -a socket`), killed by `stop()`.
final class TestAgent {
    let socket: String
    private let process: ChildProcess

    init(directory: TemporaryDirectory) throws {
        socket = directory.file("agent.sock")
        process = try ChildProcess("/usr/bin/ssh-agent", ["-D", "-a", socket])
        let deadline = Date().addingTimeInterval(5)
        while !FileManager.default.fileExists(atPath: socket) && Date() < deadline { usleep(10_000) }
    }

    func add(_ keyPath: String) throws {
        try TestShell.run("/usr/bin/ssh-add", ["-q", keyPath], environment: ["SSH_AUTH_SOCK": socket])
    }

    func stop() {
        process.terminate()
    }
}
