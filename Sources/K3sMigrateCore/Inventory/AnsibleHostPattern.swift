/// Ansible's host ranges in inventory keys: `node[01:03]` is node01, node02, node03;
/// `[a:c]` letters; `[0:10:5]` a stride. Text without a range is one host.
enum AnsibleHostPattern {
    /// Hosts named by `pattern`, or nil when it holds a malformed range.
    static func expand(_ pattern: String) -> [String]? {
        guard let open = pattern.firstIndex(of: "["),
              let close = pattern[open...].firstIndex(of: "]") else { return [pattern] }
        let body = pattern[pattern.index(after: open)..<close]
        guard body.contains(":") else { return [pattern] }
        guard let items = range(body) else { return nil }
        let head = pattern[..<open]
        guard let tails = expand(String(pattern[pattern.index(after: close)...])) else { return nil }
        return items.flatMap { item in tails.map { head + item + $0 } }
    }

    private static func range(_ body: Substring) -> [String]? {
        let parts = body.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        let stride = parts.count == 3 ? Int(parts[2]) : 1
        guard let stride, stride > 0 else { return nil }
        let (from, to) = (parts[0], parts[1])
        if let start = Int(from), let end = Int(to), start <= end, end - start <= 100_000 {
            let width = from.count > 1 && from.hasPrefix("0") ? from.count : 0
            return Swift.stride(from: start, through: end, by: stride).map { number in
                let digits = String(number)
                return String(repeating: "0", count: max(0, width - digits.count)) + digits
            }
        }
        if from.count == 1, to.count == 1, let a = from.unicodeScalars.first, let b = to.unicodeScalars.first,
           a.isASCII, b.isASCII, a.properties.isAlphabetic, b.properties.isAlphabetic,
           a.properties.isLowercase == b.properties.isLowercase, a.value <= b.value {
            return Swift.stride(from: a.value, through: b.value, by: stride).compactMap { Unicode.Scalar($0).map(String.init) }
        }
        return nil
    }
}
