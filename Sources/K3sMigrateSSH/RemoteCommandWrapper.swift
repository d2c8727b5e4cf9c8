import K3sMigrateCore

/// How a command is sent to sshd: under POSIX `sh -c`, bounded by `timeout`, and run as root
/// through `sudo -n` when the host says `become: sudo` (sudo outside, so `timeout` runs as root
/// and can kill what it started).
enum RemoteCommandWrapper {
    static func script(_ command: ShellCommand, timeoutSeconds: Int, become: SSHOptions.Become?) -> String {
        var wrapped = timeoutSeconds > 0 ? command.withTimeout(seconds: timeoutSeconds)
            : ShellCommand(words: ["sh", "-c", command.script])
        if become == .sudo { wrapped = wrapped.withSudo }
        return wrapped.script
    }
}
