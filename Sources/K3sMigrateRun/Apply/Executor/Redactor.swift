/// Hides join keys and tokens in anything the executor logs or reports: command output, titles,
/// messages. One place, so every writer (journal, events, renderers) redacts the same way.
public enum Redactor {
    public static let mask = "[redacted]"

    public static func redact(_ text: String) -> String {
        guard mayContainSecret(text) else { return text }
        var out = text
        // vpn-auth: "name=tailscale,joinKey=KEY,controlServerURL=..."
        out = out.replacing(#/(?i)(joinkey\s*=\s*)[^,\s"'\\]+/#) { $0.output.1 + mask }
        // K3S_TOKEN=..., K3S_AGENT_TOKEN=... (env files, install.sh lines)
        out = out.replacing(#/(?i)(k3s_(?:agent_)?token\s*=\s*)("[^"]*"|'[^']*'|[^\s"']+)/#) { $0.output.1 + mask }
        // --token=..., --agent-token VALUE, and the unit form '--token' \ 'VALUE'
        out = out.replacing(#/(?i)(--(?:agent-)?token['"]?(?:=|[\s\\]+['"]?))([^\s'"\\]+)/#) { $0.output.1 + mask }
        // token: VALUE / agent-token: VALUE (YAML), "token": "VALUE" (JSON)
        out = out.replacing(#/(?i)((?:^|[^\w-])(?:agent-)?token["']?\s*:\s*)("[^"]*"|'[^']*'|[^\s,}]+)/#) { $0.output.1 + mask }
        return out
    }

    /// Cheap pre-check so that ordinary output skips the regular expressions.
    private static func mayContainSecret(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.contains("token") || lower.contains("joinkey")
    }
}
