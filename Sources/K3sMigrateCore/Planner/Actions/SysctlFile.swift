import Foundation

/// A `/etc/sysctl.d/*.conf` file: `key = value` lines, `#`/`;` comments. Editing one key keeps
/// every other byte.
struct SysctlFile {
    let text: String

    /// The value the file gives `key` (the last line wins), or nil.
    func value(of key: String) -> String? {
        lines.compactMap { parse($0) }.last { $0.key == key }?.value
    }

    /// The file with `key = value`: the last line setting the key is rewritten, or a line is added.
    func setting(_ key: String, to value: String) -> String {
        var lines = self.lines
        let entry = "\(key) = \(value)"
        if let index = lines.lastIndex(where: { parse($0)?.key == key }) {
            lines[index] = entry
            return lines.joined(separator: "\n")
        }
        var result = text
        if !result.isEmpty, !result.hasSuffix("\n") { result += "\n" }
        return result + entry + "\n"
    }

    private var lines: [String] { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    private func parse(_ line: String) -> (key: String, value: String)? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), !trimmed.hasPrefix(";"), let equals = trimmed.firstIndex(of: "=") else { return nil }
        var key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
        if key.hasPrefix("-") { key.removeFirst() }
        return (key.replacingOccurrences(of: "/", with: "."), trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces))
    }
}
