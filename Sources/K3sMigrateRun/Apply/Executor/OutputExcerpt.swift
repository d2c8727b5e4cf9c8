import Foundation
import K3sMigrateCore

/// The part of a command's output that the journal keeps: secrets redacted, then at most 2 KiB
/// of stdout and of stderr.
enum OutputExcerpt {
    static let limit = 2048

    static func of(_ result: CommandResult?) -> String {
        guard let result else { return "" }
        var parts: [String] = []
        let out = clip(Redactor.redact(result.stdoutText))
        let err = clip(Redactor.redact(result.stderrText))
        if !out.isEmpty { parts.append(out) }
        if !err.isEmpty { parts.append("stderr: " + err) }
        return parts.joined(separator: "\n")
    }

    /// At most `limit` bytes, cut on a character boundary, marked when cut.
    static func clip(_ text: String) -> String {
        guard text.utf8.count > limit else { return text }
        var clipped = ""
        var bytes = 0
        for character in text {
            let size = character.utf8.count
            guard bytes + size <= limit else { break }
            clipped.append(character)
            bytes += size
        }
        return clipped + "…[\(text.utf8.count - bytes) more bytes]"
    }

    /// The first non-empty line of stderr (or stdout), for one-line failure messages.
    static func firstLine(_ result: CommandResult) -> String {
        for text in [result.stderrText, result.stdoutText] {
            if let line = text.split(whereSeparator: \.isNewline).first(where: { !$0.allSatisfy(\.isWhitespace) }) {
                return Redactor.redact(String(line.prefix(300)).trimmingCharacters(in: .whitespaces))
            }
        }
        return ""
    }
}
