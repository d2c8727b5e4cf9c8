import CLibSSH2
import Foundation

/// Public key authentication: ssh-agent identities first (RSA ones last), then key files.
/// Each rejected key counts against the server's MaxAuthTries, so RSA keys, which OpenSSH 8.8+
/// refuses from libssh2 1.10 (it signs only with SHA-1 `ssh-rsa`), go after the others.
struct Authenticator {
    let connection: SSHConnection
    let deadline: Deadline

    private var target: SSHTarget { connection.target }
    private var session: OpaquePointer { connection.session }

    func authenticate() throws {
        var attempts = AuthAttempts()
        guard let methods = try allowedMethods() else { return }
        guard methods.contains("publickey") else {
            throw SSHError.authenticationFailed(target.endpoint, user: target.user,
                                                detail: "the server does not accept public keys (it allows: \(methods))")
        }
        if target.useAgent, try authenticateWithAgent(&attempts) { return }
        for path in target.identityFiles {
            if try authenticateWithFile(path, &attempts) { return }
        }
        throw SSHError.authenticationFailed(target.endpoint, user: target.user, detail: attempts.summary)
    }

    /// nil when the server let us in without authentication (the "none" method succeeded).
    private func allowedMethods() throws -> String? {
        while true {
            if let list = k3s_userauth_list(session, target.user) { return String(cString: list) }
            if libssh2_userauth_authenticated(session) != 0 { return nil }
            let code = libssh2_session_last_errno(session)
            guard code == LibSSH2.again else {
                throw SSHError.handshakeFailed(target.endpoint, LibSSH2.lastError(session, code: code), banner: false)
            }
            try connection.waitOrThrow(deadline: deadline, phase: "authentication")
        }
    }

    private func authenticateWithAgent(_ attempts: inout AuthAttempts) throws -> Bool {
        let socketPath = target.agentSocket ?? ProcessInfo.processInfo.environment["SSH_AUTH_SOCK"]
        guard let socketPath, !socketPath.isEmpty, let agent = libssh2_agent_init(session) else { return false }
        defer {
            libssh2_agent_disconnect(agent)
            libssh2_agent_free(agent)
        }
        libssh2_agent_set_identity_path(agent, socketPath)
        guard libssh2_agent_connect(agent) == 0 else {
            attempts.notes.append("ssh-agent at \(socketPath): cannot connect")
            return false
        }
        var listed = libssh2_agent_list_identities(agent)
        while listed == LibSSH2.again {
            try connection.waitOrThrow(deadline: deadline, phase: "authentication")
            listed = libssh2_agent_list_identities(agent)
        }
        guard listed == 0 else {
            attempts.notes.append("ssh-agent at \(socketPath): cannot list keys")
            return false
        }
        var identities: [(identity: UnsafeMutablePointer<libssh2_agent_publickey>, type: String, comment: String)] = []
        var previous: UnsafeMutablePointer<libssh2_agent_publickey>?
        while true {
            var current: UnsafeMutablePointer<libssh2_agent_publickey>?
            guard libssh2_agent_get_identity(agent, &current, previous) == 0, let identity = current else { break }
            let blob = Array(UnsafeBufferPointer(start: identity.pointee.blob, count: identity.pointee.blob_len))
            let comment = identity.pointee.comment.map { String(cString: $0) } ?? ""
            identities.append((identity, HostKeyFingerprint.keyType(ofKeyBlob: blob) ?? "unknown", comment))
            previous = identity
        }
        if identities.isEmpty { attempts.notes.append("ssh-agent at \(socketPath) holds no keys") }
        let ordered = identities.filter { $0.type != "ssh-rsa" } + identities.filter { $0.type == "ssh-rsa" }
        for (identity, type, comment) in ordered {
            let rc = try retry { libssh2_agent_userauth(agent, target.user, identity) }
            if rc == 0 { return true }
            attempts.rejected(type: type, what: "agent key \(type) \(comment)")
        }
        return false
    }

    private func authenticateWithFile(_ path: String, _ attempts: inout AuthAttempts) throws -> Bool {
        let key: PrivateKeyFile
        do {
            key = try PrivateKeyFile.inspect(path: path)
        } catch {
            attempts.notes.append("\(path): \(FileManager.default.fileExists(atPath: path) ? "not readable" : "does not exist")")
            return false
        }
        var passphrase = ""
        if key.isEncrypted {
            guard let given = PassphraseSource.shared.passphrase(forKey: path, variable: target.passphraseEnvironmentVariable) else {
                attempts.notes.append("\(path) is encrypted and no passphrase was given "
                    + "(set \(target.passphraseEnvironmentVariable), or run on a terminal)")
                return false
            }
            passphrase = given
        }
        let publicPath = path + ".pub"
        let publicKey = FileManager.default.fileExists(atPath: publicPath) ? publicPath : nil
        let rc = try retry { k3s_userauth_publickey_fromfile(session, target.user, publicKey, path, passphrase) }
        if rc == 0 { return true }
        if rc == LIBSSH2_ERROR_FILE || rc == LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED {
            let why = key.isEncrypted ? "wrong passphrase?" : "unsupported key format?"
            attempts.notes.append("\(path): libssh2 cannot load it (\(why)): \(LibSSH2.lastError(session, code: rc).message)")
            return false
        }
        attempts.rejected(type: key.keyType ?? "unknown", what: "key file \(path)")
        return false
    }

    /// Runs an auth step until it stops returning EAGAIN; returns 0 on success, the error code otherwise.
    private func retry(_ step: () -> Int32) throws -> Int32 {
        while true {
            let rc = step()
            guard rc == LibSSH2.again else { return rc }
            try connection.waitOrThrow(deadline: deadline, phase: "authentication")
        }
    }
}
