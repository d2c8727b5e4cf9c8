/// Reads `ip link show` / `ip addr show` output, one-line (`-o`) or the multi-line form that
/// some BusyBox builds print instead.
enum IPCommandOutput {
    /// Interface names in order, with the `@peer` suffix of veth/vlan links removed.
    static func interfaces(_ text: String) -> [String] {
        var names: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
            guard let (name, _) = header(line), !names.contains(name) else { continue }
            names.append(name)
        }
        return names
    }

    /// Addresses (without prefix length) by interface name, in the order printed.
    static func addresses(_ text: String) -> [String: [String]] {
        var result: [String: [String]] = [:]
        var current: String?
        for line in text.split(whereSeparator: \.isNewline) {
            var words: [Substring]
            if let (name, rest) = header(line) {
                current = name
                words = rest.split(whereSeparator: \.isWhitespace)
            } else {
                words = line.split(whereSeparator: \.isWhitespace)
            }
            guard let name = current, words.count >= 2, words[0] == "inet" || words[0] == "inet6" else { continue }
            let address = String(words[1].split(separator: "/").first ?? words[1])
            if !(result[name]?.contains(address) ?? false) { result[name, default: []].append(address) }
        }
        return result
    }

    /// `3: eth0@if4: <...>` or `3: eth0    inet ...`: the interface name and the rest of the line.
    private static func header(_ line: Substring) -> (String, Substring)? {
        guard let first = line.first, first.isNumber, let colon = line.firstIndex(of: ":"),
              line[..<colon].allSatisfy(\.isNumber) else { return nil }
        let rest = line[line.index(after: colon)...].drop { $0 == " " }
        guard let end = rest.firstIndex(where: { $0 == ":" || $0.isWhitespace || $0 == "\\" }) else { return nil }
        var name = rest[..<end]
        if let at = name.firstIndex(of: "@") { name = name[..<at] }
        guard !name.isEmpty else { return nil }
        let after = rest[end...].drop { $0 == ":" }
        return (String(name), after)
    }
}
