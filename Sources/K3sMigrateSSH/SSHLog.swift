import CLibSSH2
import Logging

/// The transport's logger (`-v`: remote commands, exit codes, durations, connection steps;
/// `-vv`: byte counts and libssh2 error codes). Messages are redacted by the handler.
enum SSHLog {
    static let logger = Logger(label: "k3smigrate.ssh")
}

/// The libssh2 this process loaded (which may differ from the headers it was built with).
public enum LibSSH2Version {
    public static var runtime: String {
        libssh2_version(0).map { String(cString: $0) } ?? "unknown"
    }
}
