import Foundation
import K3sMigrateCore

/// SHA-256 of a step's full Codable form (sorted keys: the same step gives the same bytes), so
/// that a saved plan can name each step's exact content without holding it.
public enum StepDigest {
    public static func of(_ step: Step) -> String {
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
