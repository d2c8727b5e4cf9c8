/// `--limit`, read like Ansible's host patterns: comma- (or colon-) separated terms, each a host
/// name, a glob (`edge-*`, `s?`), `servers`/`agents` (`server`/`agent`), `all`, or `label=value`.
/// A term starting with `!` removes the hosts it matches, one starting with `&` keeps only them.
/// Hosts matched by any plain term are included (every host when there is none), then `&`
/// terms narrow and `!` terms exclude: `--limit 'agents,!a3'`, `--limit '!edge-*'`.
public struct HostLimit: Sendable, Hashable {
    public enum Mode: Sendable, Hashable { case include, intersect, exclude }
    public struct Term: Sendable, Hashable {
        public var mode: Mode
        public var pattern: String
    }

    public var terms: [Term]

    public init(_ text: String) {
        terms = text.split(whereSeparator: { $0 == "," || $0 == ":" }).compactMap { raw in
            var pattern = Substring(raw.trimmingCharacters(in: .whitespaces))
            var mode = Mode.include
            if pattern.hasPrefix("!") { mode = .exclude; pattern = pattern.dropFirst() }
            else if pattern.hasPrefix("&") { mode = .intersect; pattern = pattern.dropFirst() }
            return pattern.isEmpty ? nil : Term(mode: mode, pattern: String(pattern))
        }
    }

    /// The hosts selected, in the order given.
    public func select(_ hosts: [Host]) -> [Host] {
        let includes = terms.filter { $0.mode == .include }
        return hosts.filter { host in
            (includes.isEmpty || includes.contains { Self.matches($0.pattern, host) })
                && terms.filter { $0.mode == .intersect }.allSatisfy { Self.matches($0.pattern, host) }
                && !terms.filter { $0.mode == .exclude }.contains { Self.matches($0.pattern, host) }
        }
    }

    /// One error per term that matches no host of the inventory, with the closest host name.
    public func problems(in hosts: [Host]) -> [Diagnostic] {
        terms.compactMap { term in
            guard !hosts.contains(where: { Self.matches(term.pattern, $0) }) else { return nil }
            let hint = Self.isGlob(term.pattern) || term.pattern.contains("=") ? nil
                : KeySuggestion.closest(to: term.pattern, among: hosts.map(\.name))
            return .error("unknown-limit-host", "--limit '\(term.pattern)' matches no host of the inventory"
                          + (hint.map { "; did you mean '\($0)'?" } ?? ""))
        }
    }

    static func matches(_ pattern: String, _ host: Host) -> Bool {
        switch pattern {
        case "all", "*": return true
        case "servers", "server": return host.role == .server
        case "agents", "agent": return host.role == .agent
        default: break
        }
        if let eq = pattern.firstIndex(of: "="), !isGlob(pattern) {
            return host.labels[String(pattern[..<eq])] == String(pattern[pattern.index(after: eq)...])
        }
        return isGlob(pattern) ? glob(Array(pattern), Array(host.name)) : pattern == host.name
    }

    static func isGlob(_ pattern: String) -> Bool { pattern.contains("*") || pattern.contains("?") }

    /// `*` any run of characters, `?` one character; everything else literal.
    static func glob(_ pattern: [Character], _ name: [Character]) -> Bool {
        var p = 0, n = 0, starP = -1, starN = 0
        while n < name.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == name[n] { p += 1; n += 1 }
            else if p < pattern.count, pattern[p] == "*" { starP = p; starN = n; p += 1 }
            else if starP >= 0 { p = starP + 1; starN += 1; n = starN }
            else { return false }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
