import Foundation

/// An OpenSSH known_hosts file, parsed line by line so that one bad line costs only itself
/// (libssh2's own reader rejects the whole file).
public struct KnownHostsFile: Sendable, Hashable {
    /// A line that was not used, and why.
    public struct SkippedLine: Error, Sendable, Hashable {
        public var line: Int
        public var reason: String
    }

    /// Host key algorithms libssh2 1.10 can verify.
    public static let supportedKeyTypes: Set<String> = [
        "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa", "ssh-dss",
    ]

    public var path: String
    public var entries: [KnownHostsEntry]
    public var skipped: [SkippedLine]

    public init(path: String, entries: [KnownHostsEntry] = [], skipped: [SkippedLine] = []) {
        self.path = path
        self.entries = entries
        self.skipped = skipped
    }

    /// Reads `path`; a missing file is an empty one.
    public static func load(path: String) throws -> KnownHostsFile {
        guard FileManager.default.fileExists(atPath: path) else { return KnownHostsFile(path: path) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SSHError.configInvalid(file: path, line: 0, message: "cannot read known_hosts file")
        }
        return parse(String(decoding: data, as: UTF8.self), path: path)
    }

    public static func parse(_ text: String, path: String) -> KnownHostsFile {
        var file = KnownHostsFile(path: path)
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            switch parseLine(line, number: lineNumber) {
            case .success(let entry): file.entries.append(entry)
            case .failure(let skip): file.skipped.append(skip)
            }
        }
        return file
    }

    /// Key lines (no marker) that name `hostName`, in file order.
    public func keys(for hostName: String) -> [KnownHostsEntry] {
        entries.filter { $0.marker == nil && $0.matches(hostName: hostName) }
    }

    /// `@revoked` lines that name `hostName`.
    public func revokedKeys(for hostName: String) -> [KnownHostsEntry] {
        entries.filter { $0.marker == .revoked && $0.matches(hostName: hostName) }
    }

    /// `@cert-authority` lines that name `hostName`; k3smigrate can't use host certificates.
    public func certificateAuthorities(for hostName: String) -> [KnownHostsEntry] {
        entries.filter { $0.marker == .certAuthority && $0.matches(hostName: hostName) }
    }

    /// Algorithms to ask the server for, best first: the types known_hosts holds for the host.
    public func hostKeyPreference(for hostName: String) -> [String] {
        let known = Set(keys(for: hostName).map(\.keyType))
        return Self.preferenceOrder.filter(known.contains)
    }

    /// OpenSSH's order; libssh2's own default would put ECDSA first.
    public static let preferenceOrder = [
        "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa", "ssh-dss",
    ]

    private static func parseLine(_ line: String, number: Int) -> Result<KnownHostsEntry, SkippedLine> {
        var fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        var marker: KnownHostsEntry.Marker?
        if let first = fields.first, first.hasPrefix("@") {
            guard let known = KnownHostsEntry.Marker(rawValue: first) else {
                return .failure(SkippedLine(line: number, reason: "unknown marker \(first)"))
            }
            marker = known
            fields.removeFirst()
        }
        guard fields.count >= 3 else {
            return .failure(SkippedLine(line: number, reason: "expected `hosts key-type base64-key`"))
        }
        let hostField = fields[0]
        let keyType = fields[1]
        let keyBase64 = fields[2]
        guard let hosts = parseHosts(hostField) else {
            return .failure(SkippedLine(line: number, reason: "malformed hashed host name \(hostField)"))
        }
        guard let blob = Data(base64Encoded: keyBase64).map(Array.init) else {
            return .failure(SkippedLine(line: number, reason: "key is not valid base64"))
        }
        guard HostKeyFingerprint.keyType(ofKeyBlob: blob) == keyType else {
            return .failure(SkippedLine(line: number, reason: "key data does not hold a \(keyType) key"))
        }
        guard supportedKeyTypes.contains(keyType) else {
            return .failure(SkippedLine(line: number, reason: "key type \(keyType) is not supported by libssh2 1.10"))
        }
        return .success(KnownHostsEntry(line: number, marker: marker, hosts: hosts, keyType: keyType,
                                        keyBase64: keyBase64, text: line))
    }

    private static func parseHosts(_ field: String) -> KnownHostsEntry.Hosts? {
        guard field.hasPrefix("|") else {
            return .patterns(field.split(separator: ",").map(String.init))
        }
        let parts = field.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[1] == "1",
              let salt = Data(base64Encoded: String(parts[2])), salt.count == 20,
              let hash = Data(base64Encoded: String(parts[3])), hash.count == 20 else { return nil }
        return .hashed(salt: Array(salt), hash: Array(hash))
    }
}
