import Foundation
@testable import K3sMigrateSSH

/// A throwaway OpenSSH server on 127.0.0.1 for integration tests: its own host keys (ed25519 and
/// ECDSA), a generated ed25519 client key, an authorized_keys file, and a config of its own.
/// `stop()` kills exactly the process it started and removes its directory.
///
/// sshd runs in a private mount namespace with an empty directory bound over /root, so root's
/// sessions don't run this machine's ~/.bashrc (it initialises pyenv, about 110 ms per command).
final class LocalSSHD {
    let directory: TemporaryDirectory
    let port: Int
    let address = "127.0.0.1"
    /// The client key authorized for every user of this server.
    let clientKey: String
    private let process: ChildProcess

    var authorizedKeys: String { directory.file("authorized_keys") }
    var knownHostsName: String { "[\(address)]:\(port)" }

    static func start(extraConfig: String = "") throws -> LocalSSHD {
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        let directory = try TemporaryDirectory(prefix: "k3smigrate-sshd")
        for type in ["ed25519", "ecdsa"] {
            try TestShell.run("/usr/bin/ssh-keygen", ["-q", "-t", type, "-N", "", "-C", "host-\(type)", "-f", directory.file("host_\(type)")])
        }
        let clientKey = try makeKey(in: directory, name: "id_ed25519", type: "ed25519")
        // sshd reads it as the logging-in user, so non-root test users need to read it too.
        try directory.write("authorized_keys", try String(contentsOfFile: clientKey + ".pub", encoding: .utf8), mode: 0o644)
        try directory.write("known_hosts", "")
        try FileManager.default.createDirectory(atPath: directory.file("roothome"), withIntermediateDirectories: true)
        let port = try FreePort.find()
        try directory.write("sshd_config", """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(directory.file("host_ed25519"))
            HostKey \(directory.file("host_ecdsa"))
            PidFile \(directory.file("sshd.pid"))
            AuthorizedKeysFile \(directory.file("authorized_keys"))
            StrictModes no
            UsePAM no
            PermitRootLogin prohibit-password
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            MaxStartups 100:30:200
            MaxAuthTries 10
            LogLevel VERBOSE
            Subsystem sftp internal-sftp
            \(extraConfig)

            """)
        let sshdArguments = [LabGate.sshd, "-D", "-e", "-f", directory.file("sshd_config")]
        let process: ChildProcess
        if PrivateRootHome.available {
            // unshare and sh both exec, so the PID we hold is sshd's own.
            process = try ChildProcess("/usr/bin/unshare",
                                       ["--mount", "--propagation", "private", "/bin/sh", "-c",
                                        "mount --bind \"$0\" /root && exec \"$@\"", directory.file("roothome")] + sshdArguments,
                                       outputPath: directory.file("sshd.log"), errorPath: directory.file("sshd.log"))
        } else {
            process = try ChildProcess(LabGate.sshd, Array(sshdArguments.dropFirst()),
                                       outputPath: directory.file("sshd.log"), errorPath: directory.file("sshd.log"))
        }
        let server = LocalSSHD(directory: directory, port: port, clientKey: clientKey, process: process)
        try server.waitUntilListening()
        return server
    }

    private init(directory: TemporaryDirectory, port: Int, clientKey: String, process: ChildProcess) {
        self.directory = directory
        self.port = port
        self.clientKey = clientKey
        self.process = process
    }

    /// Creates a client key pair in the server's directory; returns the private key path.
    @discardableResult
    static func makeKey(in directory: TemporaryDirectory, name: String, type: String, passphrase: String = "") throws -> String {
        let path = directory.file(name)
        var arguments = ["-q", "-t", type, "-N", passphrase, "-C", name, "-f", path]
        if type == "rsa" { arguments += ["-b", "2048"] }
        try TestShell.run("/usr/bin/ssh-keygen", arguments)
        return path
    }

    /// Makes a key and authorizes it on this server.
    func makeAuthorizedKey(name: String, type: String, passphrase: String = "") throws -> String {
        let path = try LocalSSHD.makeKey(in: directory, name: name, type: type, passphrase: passphrase)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: authorizedKeys))
        try handle.seekToEnd()
        try handle.write(contentsOf: try Data(contentsOf: URL(fileURLWithPath: path + ".pub")))
        try handle.close()
        return path
    }

    /// `type base64` of one of the server's host keys (`ed25519` or `ecdsa`).
    func hostKey(_ type: String) throws -> (type: String, base64: String) {
        let fields = try String(contentsOfFile: directory.file("host_\(type).pub"), encoding: .utf8).split(separator: " ")
        return (String(fields[0]), String(fields[1]))
    }

    /// The known_hosts line for one of the server's host keys.
    func knownHostsLine(_ type: String) throws -> String {
        let key = try hostKey(type)
        return "\(knownHostsName) \(key.type) \(key.base64)"
    }

    /// What `ssh-keygen -lf` says the host key's fingerprint is.
    func fingerprint(_ type: String) throws -> String {
        let output = try TestShell.run("/usr/bin/ssh-keygen", ["-lf", directory.file("host_\(type).pub")]).stdout
        return String(output.split(separator: " ")[1])
    }

    /// A target for this server, checking host keys against a known_hosts file in its directory
    /// that holds `knownTypes`.
    func target(name: String = "local", user: String = "root", knownTypes: [String] = ["ed25519"],
                identityFiles: [String]? = nil) throws -> SSHTarget {
        try directory.write("known_hosts", try knownTypes.map(knownHostsLine).joined(separator: "\n") + "\n")
        return SSHTarget(name: name, address: address, port: port, user: user,
                         identityFiles: identityFiles ?? [clientKey], knownHostsPath: directory.file("known_hosts"),
                         connectTimeout: 10, useAgent: false)
    }

    var log: String { directory.read("sshd.log") }

    func stop() {
        process.terminate()
        directory.remove()
    }

    private func waitUntilListening() throws {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if !process.isRunning { break }
            if FreePort.banner(host: address, port: port)?.hasPrefix("SSH-2.0") == true { return }
            usleep(20_000)
        }
        let log = self.log
        stop()
        throw TestShell.Failure(command: "sshd on port \(port)", output: .init(status: -1, stdout: "", stderr: log))
    }
}
