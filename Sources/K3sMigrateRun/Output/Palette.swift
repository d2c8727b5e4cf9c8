/// ANSI colours, or none when output is not a terminal or NO_COLOR is set.
public struct Palette: Sendable {
    public let enabled: Bool
    public init(enabled: Bool) { self.enabled = enabled }

    public func red(_ s: String) -> String { wrap(s, "31") }
    public func green(_ s: String) -> String { wrap(s, "32") }
    public func yellow(_ s: String) -> String { wrap(s, "33") }
    public func cyan(_ s: String) -> String { wrap(s, "36") }
    public func bold(_ s: String) -> String { wrap(s, "1") }
    public func dim(_ s: String) -> String { wrap(s, "2") }

    private func wrap(_ s: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }

    /// Colours a unified diff line by line.
    public func diff(_ text: String) -> String {
        guard enabled else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if line.hasPrefix("+++") || line.hasPrefix("---") { return bold(String(line)) }
            if line.hasPrefix("+") { return green(String(line)) }
            if line.hasPrefix("-") { return red(String(line)) }
            if line.hasPrefix("@@") { return cyan(String(line)) }
            return String(line)
        }.joined(separator: "\n")
    }
}
