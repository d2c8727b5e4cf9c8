/// One place on a node whose files are facts: a single file, or the entries of a directory whose
/// names match shell-style patterns (`*` and `?` only).
public enum FactPath: Sendable, Hashable {
    case file(String)
    case directory(String, patterns: [String])

    /// Whether the absolute host path `path` is covered.
    public func matches(_ path: String) -> Bool {
        switch self {
        case .file(let file):
            return path == file
        case .directory(let directory, let patterns):
            guard path.hasPrefix(directory + "/") else { return false }
            let name = String(path.dropFirst(directory.count + 1))
            return !name.isEmpty && !name.contains("/") && patterns.contains { WildcardPattern.matches(name, pattern: $0) }
        }
    }
}
