import Foundation

/// The non-root user `k3smtest` with a NOPASSWD sudoers drop-in, for `become: sudo` tests.
///
/// Several test runs may share the machine, so a lock file coordinates them: each run holds a
/// shared lock while it uses the user; whoever finds no one else left (gets the exclusive lock)
/// removes the user and drop-in, but only if a test run created them (a marker file says so).
final class TestUser {
    static let name = "k3smtest"
    static let dropIn = "/etc/sudoers.d/k3smigrate-test"
    private static let lockPath = "/run/k3smigrate-test-user.lock"
    private static let createdMarker = "/run/k3smigrate-test-user.created"
    private let lock: Int32

    init() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sudo") else {
            throw TestShell.Failure(command: "sudo", output: .init(status: 127, stdout: "", stderr: "sudo is not installed (apt-get install sudo)"))
        }
        lock = open(Self.lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        flock(lock, LOCK_EX)
        defer { flock(lock, LOCK_SH) }
        let exists = (try? TestShell.run("/usr/bin/id", ["-u", Self.name], check: false).status) == 0
        if !exists {
            try TestShell.run("/usr/sbin/useradd", ["-m", "-s", "/bin/sh", "-p", "*", Self.name])
            _ = FileManager.default.createFile(atPath: Self.createdMarker, contents: nil)
        }
        if !FileManager.default.fileExists(atPath: Self.dropIn) {
            let rule = "\(Self.name) ALL=(ALL) NOPASSWD: ALL\n"
            try Data(rule.utf8).write(to: URL(fileURLWithPath: Self.dropIn + ".tmp"))
            chmod(Self.dropIn + ".tmp", 0o440)
            try TestShell.run("/usr/sbin/visudo", ["-c", "-q", "-f", Self.dropIn + ".tmp"])
            rename(Self.dropIn + ".tmp", Self.dropIn)
        }
    }

    func remove() {
        defer { close(lock) }
        guard flock(lock, LOCK_EX | LOCK_NB) == 0 else { return }
        guard FileManager.default.fileExists(atPath: Self.createdMarker) else { return }
        unlink(Self.dropIn)
        _ = try? TestShell.run("/usr/sbin/userdel", ["-r", Self.name], check: false)
        unlink(Self.createdMarker)
    }
}
