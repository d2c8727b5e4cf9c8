/// OpenSSH host pattern lists (`ssh_config` `Host`, known_hosts host fields): comma or space
/// separated patterns with `*` and `?` wildcards and `!` negation. A negated match vetoes the
/// whole list; otherwise any positive match wins. Comparison ignores case, like OpenSSH.
public enum HostPattern {
    public static func matches(_ name: String, patterns: [String]) -> Bool {
        let subject = Array(name.lowercased().utf8)
        var positive = false
        for raw in patterns where !raw.isEmpty {
            let negated = raw.hasPrefix("!")
            let pattern = Array((negated ? String(raw.dropFirst()) : raw).lowercased().utf8)
            guard wildcardMatch(subject[...], pattern[...]) else { continue }
            if negated { return false }
            positive = true
        }
        return positive
    }

    /// `*` matches any run of characters (also none), `?` exactly one.
    static func wildcardMatch(_ subject: ArraySlice<UInt8>, _ pattern: ArraySlice<UInt8>) -> Bool {
        var s = subject.startIndex
        var p = pattern.startIndex
        var starP: Int?
        var starS = s
        while s < subject.endIndex {
            if p < pattern.endIndex, pattern[p] == UInt8(ascii: "?") || pattern[p] == subject[s] {
                s += 1
                p += 1
            } else if p < pattern.endIndex, pattern[p] == UInt8(ascii: "*") {
                starP = p
                starS = s
                p += 1
            } else if let star = starP {
                p = star + 1
                starS += 1
                s = starS
            } else {
                return false
            }
        }
        while p < pattern.endIndex, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.endIndex
    }

    /// The name known_hosts records for an endpoint: `host` on port 22, `[host]:port` otherwise.
    public static func knownHostsName(address: String, port: Int) -> String {
        let host = address.lowercased()
        return port == 22 ? host : "[\(host)]:\(port)"
    }
}
