/// Shell-style name matching with `*` (any run of characters), `?` (one character) and `[abc]`
/// (one of the listed characters, no ranges), the subset that both the fact script's `case`
/// patterns and this matcher agree on.
enum WildcardPattern {
    static func matches(_ name: String, pattern patternSource: String) -> Bool {
        let text = Array(name)
        var pattern: [Character] = []
        var sets: [Int: Set<Character>] = [:]
        var chars = Array(patternSource)[...]
        while let c = chars.popFirst() {
            if c == "[", let close = chars.firstIndex(of: "]") {
                sets[pattern.count] = Set(chars[chars.startIndex..<close])
                pattern.append("[")
                chars = chars[(close + 1)...]
            } else {
                pattern.append(c)
            }
        }
        func one(_ p: Int, _ t: Int) -> Bool {
            if let set = sets[p] { return set.contains(text[t]) }
            return pattern[p] == "?" || pattern[p] == text[t] && pattern[p] != "*"
        }
        var t = 0, p = 0
        var star: Int?
        var resume = 0
        while t < text.count {
            if p < pattern.count, one(p, t) {
                t += 1
                p += 1
            } else if p < pattern.count, pattern[p] == "*", sets[p] == nil {
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
        while p < pattern.count, pattern[p] == "*", sets[p] == nil { p += 1 }
        return p == pattern.count
    }
}
