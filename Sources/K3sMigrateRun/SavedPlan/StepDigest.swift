import Foundation
import K3sMigrateCore

/// SHA-256 of a step's full Codable form (sorted keys: the same step gives the same bytes), so
/// that a saved plan can name each step's exact content without holding it.
public enum StepDigest {
    /// Secrets in an edit's contents are masked first: the digest says nothing about them, and
    /// the step made from saved (masked) facts digests like the one made from live facts. What
    /// apply writes always comes from the live, re-derived step, never from the digest's input.
    public static func of(_ step: Step) -> String {
        var step = step
        switch step.action {
        case .edit(var change):
            change.before = Redactor.redact(change.before, mask: SecretMasking.fileMask)
            change.after = Redactor.redact(change.after, mask: SecretMasking.fileMask)
            change.diff = Redactor.redact(change.diff, mask: SecretMasking.fileMask)
            step.action = .edit(change)
        case .write(var write):
            write.content = write.content.map { Redactor.redact($0, mask: SecretMasking.fileMask) }
            step.action = .write(write)
        default: break
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Step is plain data (strings, numbers, arrays, enums): encoding cannot fail.
        let data = (try? encoder.encode(step)) ?? Data()
        return SHA256.hex(Array(data))
    }

    public static func of(_ plan: Plan) -> [String: String] {
        var digests: [String: String] = [:]
        for step in plan.steps where digests[step.id] == nil { digests[step.id] = of(step) }
        return digests
    }
}
