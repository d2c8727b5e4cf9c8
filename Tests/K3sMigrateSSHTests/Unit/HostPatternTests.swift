@testable import K3sMigrateSSH
import Testing

@Suite("OpenSSH host patterns")
struct HostPatternTests {
    @Test(arguments: [
        ("web1", ["web1"], true),
        ("web1", ["web*"], true),
        ("web12", ["web?"], false),
        ("web1", ["web?"], true),
        ("WEB1", ["web1"], true),
        ("db1", ["web*", "db*"], true),
        ("web1", ["*", "!web1"], false),
        ("web2", ["*", "!web1"], true),
        ("web1", ["!web1"], false),
        ("anything", ["*"], true),
        ("a.b.c", ["*.c"], true),
        ("abc", ["a*b*c"], true),
        ("ab", ["a*b*c"], false),
    ])
    func matching(name: String, patterns: [String], expected: Bool) {
        #expect(HostPattern.matches(name, patterns: patterns) == expected)
    }
}
