/// One hop of `ProxyJump` / the inventory's `jump:`: `[user@]host[:port]`, `[v6addr]:port`, or
/// `ssh://[user@]host[:port]`.
public struct JumpSpec: Sendable, Hashable {
    public var user: String?
    public var host: String
    public var port: Int?

    public init(user: String? = nil, host: String, port: Int? = nil) {
        self.user = user
        self.host = host
        self.port = port
    }

    /// Parses a comma-separated hop list, outermost first. nil for an unparsable entry.
    public static func parseList(_ text: String) -> [JumpSpec]? {
        var hops: [JumpSpec] = []
        for part in text.split(separator: ",") {
            guard let hop = parse(part.trimmingCharacters(in: .whitespaces)) else { return nil }
            hops.append(hop)
        }
        return hops.isEmpty ? nil : hops
    }

    public static func parse(_ text: String) -> JumpSpec? {
        var rest = Substring(text)
        if rest.hasPrefix("ssh://") { rest = rest.dropFirst(6) }
        var user: String?
        if let at = rest.lastIndex(of: "@") {
            user = String(rest[..<at])
            rest = rest[rest.index(after: at)...]
            if user?.isEmpty == true { return nil }
        }
        var host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portText = after.dropFirst()
            }
        } else if let colon = rest.firstIndex(of: ":"), rest.filter({ $0 == ":" }).count == 1 {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            host = rest
        }
        guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "/" }) else { return nil }
        var port: Int?
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else { return nil }
            port = value
        }
        return JumpSpec(user: user, host: String(host), port: port)
    }
}
