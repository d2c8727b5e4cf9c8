import K3sMigrateCore

/// Secrets out of saved facts and out of digests. The settings model knows where each secret sits
/// (every `SettingValue` knows its key, `K3sFlagCatalog.isSecret`): those values are replaced in
/// every file of the host, then the masking pass (`Redactor`) catches the forms the model does
/// not read. The mask is one plain word, so a masked config.yaml, unit or env file still parses
/// as it did, and plans made from saved facts read the same settings.
public enum SecretMasking {
    public static let fileMask = "k3smigrate-redacted"

    /// The secret values the settings model finds on `facts`' host (both roles' files are read).
    public static func secretValues(_ facts: HostFacts) -> [String] {
        var found: Set<String> = []
        for role in [Role.server, .agent] {
            for occurrence in NodeSettings(facts: facts, role: role).occurrences
            where K3sFlagCatalog.isSecret(K3sFlagCatalog.canonical(occurrence.key)) {
                for value in occurrence.values where value.count >= 4 && value != fileMask {
                    found.insert(value)
                    // vpn-auth's joinKey alone too (it may be quoted differently elsewhere).
                    for part in value.split(separator: ",") where part.hasPrefix("joinKey=") && part.count > 11 {
                        found.insert(String(part.dropFirst("joinKey=".count)))
                    }
                }
            }
        }
        return found.sorted { ($0.count, $0) > ($1.count, $1) }
    }

    /// `facts` with every secret in every file replaced by `fileMask`.
    public static func masked(_ facts: HostFacts) -> HostFacts {
        let secrets = secretValues(facts)
        var facts = facts
        // Env files are facts only in their sanitized form (`FactPaths.kept`): secret values are
        // already the marker the settings model reads as "set, not gathered".
        for (path, file) in facts.files where !FactPaths.isEnvironmentFile(path) {
            let masked = mask(file.content, secrets: secrets)
            if masked != file.content { facts.files[path]?.content = masked }
        }
        return facts
    }

    /// `content` with the known `secrets` and every form the masking pass knows replaced. Bytes
    /// that are not UTF-8 are kept as they are: known secrets are replaced as bytes, and the
    /// pattern pass reads the text with those bytes as `LosslessText` escapes.
    static func mask(_ content: [UInt8], secrets: [String]) -> [UInt8] {
        var lines = content.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
        var changed = false
        for index in lines.indices {
            var line = lines[index]
            for secret in secrets { line = replace(Array(secret.utf8), in: line) }
            if line != lines[index] { changed = true; lines[index] = line }
        }
        var joined = Array(lines.joined(separator: [10]))
        // The pattern pass works on text (a flag and its value may sit on two lines of a unit, so
        // the whole text is passed at once); escapes encode back to the bytes they stand for.
        let text = LosslessText.decode(joined)
        let redacted = Redactor.redact(text, mask: fileMask)
        if redacted != text { joined = LosslessText.encode(redacted); changed = true }
        return changed ? joined : content
    }

    private static func replace(_ needle: [UInt8], in haystack: [UInt8]) -> [UInt8] {
        guard !needle.isEmpty, haystack.count >= needle.count else { return haystack }
        var out: [UInt8] = []
        var index = 0
        let mask = Array(fileMask.utf8)
        while index < haystack.count {
            if index + needle.count <= haystack.count, haystack[index..<(index + needle.count)].elementsEqual(needle) {
                out += mask
                index += needle.count
            } else {
                out.append(haystack[index])
                index += 1
            }
        }
        return out
    }
}
