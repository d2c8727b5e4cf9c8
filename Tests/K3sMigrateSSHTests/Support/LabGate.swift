import Foundation
import Testing

/// Whether the integration tests can run here: they start throwaway sshd processes and create
/// users, so they need root and OpenSSH's server. With K3SMIGRATE_REQUIRE_LAB=1 they always run
/// (and fail loudly when the machine can't host them) instead of being skipped.
enum LabGate {
    static let sshd = "/usr/sbin/sshd"

    static var isRoot: Bool { getuid() == 0 }
    static var hasSSHD: Bool { FileManager.default.isExecutableFile(atPath: sshd) }
    static var required: Bool { ProcessInfo.processInfo.environment["K3SMIGRATE_REQUIRE_LAB"] == "1" }

    static var shouldRun: Bool { required || (isRoot && hasSSHD) }

    static var skipReason: Comment {
        var reasons: [String] = []
        if !isRoot { reasons.append("not running as root") }
        if !hasSSHD { reasons.append("\(sshd) missing (apt-get install openssh-server)") }
        return Comment(rawValue: "integration tests skipped: " + reasons.joined(separator: ", ")
            + "; set K3SMIGRATE_REQUIRE_LAB=1 to make this a failure")
    }
}
