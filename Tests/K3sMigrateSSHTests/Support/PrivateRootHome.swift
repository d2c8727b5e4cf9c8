import Foundation

/// Whether `unshare --mount` works here, so test sshds can get a private /root.
enum PrivateRootHome {
    static let available: Bool = {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { return false }
        return (try? TestShell.run("/usr/bin/unshare", ["--mount", "--propagation", "private", "/bin/true"], check: false).status) == 0
    }()
}
