import CLibSSH2
import Foundation
import K3sMigrateCore

/// Checks the key a server presented against known_hosts. Our own parser picks the lines that
/// name the host (wildcards, negation and hashed names, as OpenSSH does); libssh2 then compares
/// the key against exactly those lines, fed through `libssh2_knownhost_readline`.
enum HostKeyVerifier {
    /// Returns a warning when a new key was recorded (accept-new); throws when the key is refused.
    static func verify(_ connection: SSHConnection, knownHosts: KnownHostsFile) throws -> Diagnostic? {
        let target = connection.target
        let name = target.knownHostsName
        guard let offered = connection.hostKey(), let offeredType = HostKeyFingerprint.keyType(ofKeyBlob: offered) else {
            throw SSHError.handshakeFailed(target.endpoint, LibSSH2.lastError(connection.session), banner: false)
        }
        let report = report(offered: offered, target: target, knownHosts: knownHosts)
        let revoked = knownHosts.revokedKeys(for: name).filter { $0.keyBlob == offered }
        if !revoked.isEmpty {
            var revokedReport = report
            revokedReport.expected = revoked.map { "\(knownHosts.path):\($0.line)" }
            throw SSHError.hostKeyRevoked(target.endpoint, revokedReport)
        }
        let known = knownHosts.keys(for: name)
        switch try check(connection, offered: offered, offeredType: offeredType, against: known, hostName: name) {
        case LIBSSH2_KNOWNHOST_CHECK_MATCH:
            return nil
        case LIBSSH2_KNOWNHOST_CHECK_NOTFOUND where known.isEmpty:
            guard target.hostKeyPolicy == .acceptNew else { throw SSHError.hostKeyUnknown(target.endpoint, report) }
            try KnownHostsAppender.append(report.lineToAdd, to: knownHosts.path)
            return .warning("host-key-recorded", host: target.name, at: SourceLocation(file: knownHosts.path),
                            "recorded new host key \(offeredType) \(report.offeredFingerprint) for \(name) (accept-new)")
        default:
            throw SSHError.hostKeyChanged(target.endpoint, report)
        }
    }

    /// What to tell the user about an offered key: its fingerprint, the known keys, the fix.
    static func report(offered: [UInt8], target: SSHTarget, knownHosts: KnownHostsFile) -> HostKeyReport {
        let name = target.knownHostsName
        let type = HostKeyFingerprint.keyType(ofKeyBlob: offered) ?? "unknown-key-type"
        return HostKeyReport(
            knownHostsName: name, knownHostsPath: knownHosts.path, offeredKeyType: type,
            offeredFingerprint: HostKeyFingerprint.sha256(ofKeyBlob: offered),
            lineToAdd: "\(name) \(type) \(Data(offered).base64EncodedString())",
            expected: knownHosts.keys(for: name).map { "\($0.keyType) \($0.fingerprint) (\(knownHosts.path):\($0.line))" })
    }

    /// Warnings about lines that could not be used for this host.
    static func warnings(for knownHosts: KnownHostsFile, hostName: String, host: String) -> [Diagnostic] {
        var warnings = knownHosts.skipped.map { skipped in
            Diagnostic.warning("known-hosts-line-skipped", host: host,
                               at: SourceLocation(file: knownHosts.path, line: skipped.line),
                               "known_hosts line skipped: \(skipped.reason)")
        }
        warnings += knownHosts.certificateAuthorities(for: hostName).map { entry in
            Diagnostic.warning("known-hosts-cert-authority", host: host,
                               at: SourceLocation(file: knownHosts.path, line: entry.line),
                               "@cert-authority is NOT enforced: libssh2 1.10 can't verify host certificates; "
                                   + "the host must have a plain key line")
        }
        return warnings
    }

    private static func check(_ connection: SSHConnection, offered: [UInt8], offeredType: String,
                              against known: [KnownHostsEntry], hostName: String) throws -> Int32 {
        guard let hosts = libssh2_knownhost_init(connection.session) else {
            throw SSHError.handshakeFailed(connection.endpoint, LibSSH2.lastError(connection.session), banner: false)
        }
        defer { libssh2_knownhost_free(hosts) }
        for entry in known {
            let line: String
            if case .hashed = entry.hosts { line = entry.text } else { line = entry.line(forHost: hostName) }
            let rc = libssh2_knownhost_readline(hosts, line, line.utf8.count, LIBSSH2_KNOWNHOST_FILE_OPENSSH)
            if rc != 0 {
                throw SSHError.configInvalid(file: "known_hosts", line: entry.line,
                                             message: "libssh2 rejected the line: \(LibSSH2.lastError(connection.session))")
            }
        }
        let typeMask = K3S_KNOWNHOST_TYPE_PLAIN | K3S_KNOWNHOST_KEYENC_RAW | keyBits(offeredType)
        return offered.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                libssh2_knownhost_checkp(hosts, hostName, -1, chars.baseAddress, chars.count, typeMask, nil)
            }
        }
    }

    private static func keyBits(_ type: String) -> Int32 {
        switch type {
        case "ssh-ed25519": return K3S_KNOWNHOST_KEY_ED25519
        case "ecdsa-sha2-nistp256": return K3S_KNOWNHOST_KEY_ECDSA_256
        case "ecdsa-sha2-nistp384": return K3S_KNOWNHOST_KEY_ECDSA_384
        case "ecdsa-sha2-nistp521": return K3S_KNOWNHOST_KEY_ECDSA_521
        case "ssh-rsa": return K3S_KNOWNHOST_KEY_SSHRSA
        case "ssh-dss": return K3S_KNOWNHOST_KEY_SSHDSS
        default: return K3S_KNOWNHOST_KEY_UNKNOWN
        }
    }
}
