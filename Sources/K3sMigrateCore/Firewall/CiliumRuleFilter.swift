/// Removes Cilium's leftovers from an `iptables-save` / `ip6tables-save` dump, precisely: the
/// `CILIUM_*` chains, the rules in them, rules that jump (`-j`/`-g`) to them and rules whose
/// comment says `cilium-feeder:`. Every other line is kept byte for byte, including an
/// operator's rule whose comment merely mentions cilium (unlike `grep -iv cilium`).
public enum CiliumRuleFilter {
    public static let chainPrefix = "CILIUM_"
    public static let feederComment = "cilium-feeder:"

    public static func filter(_ dump: String) -> CiliumRuleFilterResult {
        var kept = ""
        var removed: [FirewallDumpLine] = []
        var mentions: [FirewallDumpLine] = []
        var table: String?
        for line in lines(of: dump) {
            var trimmed = line
            if trimmed.last == "\n" || trimmed.last == "\r\n" { trimmed.removeLast() }
            if trimmed.last == "\r" { trimmed.removeLast() }
            if trimmed.hasPrefix("*") {
                table = String(trimmed.dropFirst())
            }
            if isCilium(trimmed) {
                removed.append(FirewallDumpLine(table: table, text: trimmed))
                continue
            }
            if trimmed.lowercased().contains("cilium"), !trimmed.hasPrefix("#") {
                mentions.append(FirewallDumpLine(table: table, text: trimmed))
            }
            kept += line
        }
        return CiliumRuleFilterResult(kept: kept, removed: removed, keptMentioningCilium: mentions)
    }

    /// Whether a dump line is a Cilium chain declaration or a Cilium rule.
    static func isCilium(_ line: String) -> Bool {
        if line.hasPrefix(":") {
            let name = line.dropFirst().prefix { $0 != " " && $0 != "\t" }
            return name.hasPrefix(chainPrefix)
        }
        var words = IptablesWords.split(line)
        if let first = words.first, first.hasPrefix("["), first.hasSuffix("]") { words.removeFirst() }
        guard words.first == "-A" || words.first == "--append" || words.first == "-I" || words.first == "--insert" else { return false }
        if words.count > 1, words[1].hasPrefix(chainPrefix) { return true }
        for (index, word) in words.enumerated() where index + 1 < words.count {
            switch word {
            case "-j", "--jump", "-g", "--goto":
                if words[index + 1].hasPrefix(chainPrefix) { return true }
            case "--comment":
                if words[index + 1].hasPrefix(feederComment) { return true }
            default:
                continue
            }
        }
        return false
    }

    /// Lines including their terminator, so that joining them gives the input back.
    private static func lines(of text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == "\n" || character == "\r\n" {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}
