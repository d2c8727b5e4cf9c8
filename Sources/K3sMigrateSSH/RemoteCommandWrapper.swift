import K3sMigrateCore

/// How a command is sent to sshd: under POSIX `sh -c`, bounded by `timeout`
/// (`ShellCommand.withTimeout`), and run as root through `sudo -n -- sh -c` when the host says
/// `become: sudo` (sudo outside, so `timeout` runs as root and can kill what it started).
///
/// Every shell layer we add starts with `exec`, so it is replaced rather than left waiting: a
/// command killed by a signal is then reported by sshd as that signal (dash, unlike bash, would
/// turn it into exit status 128+n and print "Terminated"), and each layer saves a fork.
enum RemoteCommandWrapper {
    static func script(_ command: ShellCommand, timeoutSeconds: Int, become: SSHOptions.Become?) -> String {
        let bounded = timeoutSeconds > 0 ? command.withTimeout(seconds: timeoutSeconds)
            : ShellCommand(words: ["sh", "-c", command.script])
        var line = "exec " + bounded.script
        if become == .sudo {
            // The same words as `ShellCommand.withSudo`, with `exec` inside the sudo shell too.
            line = "exec " + ShellCommand(words: ["sudo", "-n", "--", "sh", "-c", line]).script
        }
        return line
    }
}
