import Foundation

/// The non-root user `k3smtest` with a NOPASSWD sudoers drop-in, for `become: sudo` tests.
/// Removes only what it created.
final class TestUser {
    static let name = "k3smtest"
    static let dropIn = "/etc/sudoers.d/k3smigrate-test"
    private let createdUser: Bool

    init() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sudo") else {
            throw TestShell.Failure(command: "sudo", output: .init(status: 127, stdout: "", stderr: "sudo is not installed (apt-get install sudo)"))
        }
        let exists = (try? TestShell.run("/usr/bin/id", ["-u", Self.name], check: false).status) == 0
        if !exists {
            try TestShell.run("/usr/sbin/useradd", ["-m", "-s", "/bin/sh", "-p", "*", Self.name])
        }
        createdUser = !exists
        let rule = "\(Self.name) ALL=(ALL) NOPASSWD: ALL\n"
        try Data(rule.utf8).write(to: URL(fileURLWithPath: Self.dropIn + ".tmp"))
        chmod(Self.dropIn + ".tmp", 0o440)
        try TestShell.run("/usr/sbin/visudo", ["-c", "-q", "-f", Self.dropIn + ".tmp"])
        rename(Self.dropIn + ".tmp", Self.dropIn)
    }

    func remove() {
        unlink(Self.dropIn)
        unlink(Self.dropIn + ".tmp")
        if createdUser {
            _ = try? TestShell.run("/usr/sbin/userdel", ["-r", Self.name], check: false)
        }
    }
}
