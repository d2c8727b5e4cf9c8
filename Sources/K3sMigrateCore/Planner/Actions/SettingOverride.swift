/// `--set KEY=VALUE`: replaces the value of the playbook's setting KEY for this run.
public struct SettingOverride: Sendable, Hashable, Codable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// Parses the words given to `--set`; every bad word is reported.
    public static func parse(_ words: [String]) throws(DiagnosticsError) -> [SettingOverride] {
        var overrides: [SettingOverride] = []
        var problems: [Diagnostic] = []
        for word in words {
            guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
                problems.append(.error("set", "--set '\(word)': expected KEY=VALUE"))
                continue
            }
            let key = String(word[..<equals])
            if overrides.contains(where: { $0.key == key }) {
                problems.append(.error("set", "--set \(key) is given twice"))
            }
            overrides.append(SettingOverride(key: key, value: String(word[word.index(after: equals)...])))
        }
        guard problems.isEmpty else { throw DiagnosticsError(problems) }
        return overrides
    }
}
