/// Masks secret values (token, agent-token, vpn-auth join keys...) in text shown to people,
/// such as the diffs of a plan.
struct SecretRedactor {
    static let mask = "********"
    private var secrets: [String] = []

    init(before: NodeSettings, after: NodeSettings) {
        var found: Set<String> = []
        for occurrence in before.occurrences + after.occurrences where K3sFlagCatalog.isSecret(occurrence.key) {
            for value in occurrence.values where value.count >= 4 && !value.hasPrefix("$") {
                found.insert(value)
                if let joinKey = Self.joinKey(in: value) { found.insert(joinKey) }
            }
        }
        // Longest first, so that a value containing another is masked whole.
        secrets = found.sorted { ($0.count, $0) > ($1.count, $1) }
    }

    func redact(_ text: String) -> String {
        secrets.reduce(text) { result, secret in
            result.split(separator: secret, omittingEmptySubsequences: false).joined(separator: Self.mask)
        }
    }

    /// The `joinKey=...` part of a vpn-auth value (`name=tailscale,joinKey=KEY,...`).
    static func joinKey(in value: String) -> String? {
        for part in value.split(separator: ",") where part.hasPrefix("joinKey=") {
            let key = part.dropFirst("joinKey=".count)
            return key.count >= 4 ? String(key) : nil
        }
        return nil
    }
}
