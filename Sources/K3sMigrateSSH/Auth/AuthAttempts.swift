/// What authentication tried, for the one-line failure message.
struct AuthAttempts {
    var rejectedKeys: [String] = []
    var notes: [String] = []
    var rejectedTypes: Set<String> = []

    mutating func rejected(type: String, what: String) {
        rejectedKeys.append(what)
        rejectedTypes.insert(type)
    }

    var summary: String {
        var parts: [String] = []
        if rejectedKeys.isEmpty {
            parts.append("no usable key (no ssh-agent keys and no identity file could be used)")
        } else {
            parts.append("the server rejected: " + rejectedKeys.joined(separator: ", "))
        }
        parts += notes
        if rejectedTypes.contains("ssh-rsa") {
            parts.append("RSA keys can't work here: libssh2 1.10 signs only with ssh-rsa (SHA-1), which "
                + "OpenSSH 8.8+ (e.g. OpenSSH 9) refuses; use an ed25519 or ECDSA key")
        }
        return parts.joined(separator: "; ")
    }
}
