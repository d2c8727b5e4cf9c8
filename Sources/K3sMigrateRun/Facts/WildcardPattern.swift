/// Shell-style name matching with `*` (any run of characters) and `?` (one character), the
/// subset that both the fact script's `case` patterns and this matcher agree on.
enum WildcardPattern {
    static func matches(_ name: String, pattern: String) -> Bool {
        let text = Array(name), pattern = Array(pattern)
        var t = 0, p = 0
        var star: Int?
        var resume = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] && pattern[p] != "*" {
                t += 1
                p += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p
                resume = t
                p += 1
            } else if let star {
                p = star + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
