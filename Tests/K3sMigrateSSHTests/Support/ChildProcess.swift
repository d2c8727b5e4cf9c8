import Foundation

/// A child process started with posix_spawn and reaped with waitpid. Foundation's `Process`
/// sometimes never noticed a child's exit here (the child stayed a zombie and `waitUntilExit`
/// hung), so the test fixtures manage their children themselves.
final class ChildProcess {
    let pid: pid_t
    private var reaped = false
    private(set) var status: Int32 = 0

    /// Starts `executable` with stdin from /dev/null and stdout/stderr appended to `outputPath`
    /// and `errorPath` (or /dev/null).
    init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
         outputPath: String? = nil, errorPath: String? = nil) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o600)
        let env = (environment.map { ProcessInfo.processInfo.environment.merging($0) { $1 } } ?? ProcessInfo.processInfo.environment)
            .map { "\($0)=\($1)" }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        // Spawned from a concurrency-pool thread, the child would inherit that thread's blocked
        // signals (SIGTERM included) and never stop; give it an empty mask and default handlers.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var child: pid_t = 0
        let rc = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard rc == 0 else {
            throw TestShell.Failure(command: executable, output: .init(status: rc, stdout: "", stderr: String(cString: strerror(rc))))
        }
        pid = child
    }

    var isRunning: Bool {
        guard !reaped else { return false }
        var raw: Int32 = 0
        if waitpid(pid, &raw, WNOHANG) == pid {
            record(raw)
            return false
        }
        return true
    }

    @discardableResult
    func wait() -> Int32 {
        guard !reaped else { return status }
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        record(raw)
        return status
    }

    /// Sends SIGTERM to this child only and waits for it.
    func terminate() {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        wait()
    }

    private func record(_ raw: Int32) {
        reaped = true
        let signal = raw & 0x7f
        status = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
    }
}
