/// A K3s release such as `v1.25.16+k3s4`. Compared by major, minor, patch, then k3s revision.
public struct K3sVersion: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int
    public var k3sRevision: Int

    public init(_ major: Int, _ minor: Int, _ patch: Int, k3s: Int = 1) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.k3sRevision = k3s
    }

    /// Accepts `v1.25.16+k3s4`, `1.25.16`, `v1.26.0-rc1+k3s1`, or the full `k3s --version` line.
    public init?(parsing text: String) {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
        guard let word = words.first(where: { $0.first == "v" && $0.dropFirst().first?.isNumber == true })
            ?? words.first(where: { $0.first?.isNumber == true })
        else { return nil }
        var body = Substring(word)
        if body.first == "v" { body = body.dropFirst() }
        var revision = 1
        if let plus = body.firstIndex(of: "+") {
            let suffix = body[body.index(after: plus)...]
            if suffix.hasPrefix("k3s"), let r = Int(suffix.dropFirst(3)) { revision = r }
            body = body[..<plus]
        }
        if let dash = body.firstIndex(of: "-") { body = body[..<dash] }
        let numbers = body.split(separator: ".").map { Int($0) }
        guard numbers.count == 3, let a = numbers[0], let b = numbers[1], let c = numbers[2] else { return nil }
        self.init(a, b, c, k3s: revision)
    }

    public var description: String { "v\(major).\(minor).\(patch)+k3s\(k3sRevision)" }

    public static func < (l: K3sVersion, r: K3sVersion) -> Bool {
        (l.major, l.minor, l.patch, l.k3sRevision) < (r.major, r.minor, r.patch, r.k3sRevision)
    }

    /// True when this release is at or after the first release of its minor line in `gates`
    /// (e.g. Tailscale: v1.25.11, v1.26.6, v1.27.3), or on a minor line newer than all of them.
    public func isAtLeast(anyOf gates: [K3sVersion]) -> Bool {
        if let sameLine = gates.first(where: { $0.major == major && $0.minor == minor }) {
            return (patch, k3sRevision) >= (sameLine.patch, sameLine.k3sRevision)
        }
        guard let newest = gates.max() else { return true }
        return (major, minor) > (newest.major, newest.minor)
    }
}
