import Foundation
import K3sMigrateCore

/// Asks on the terminal before steps that cannot be undone; never prompts without a terminal.
enum Confirmation {
    @Sendable static func ask(_ plan: Plan) -> Bool {
        guard isatty(STDIN_FILENO) == 1 else { return false }
        let steps = plan.irreversibleSteps.map { "  \($0.id): \($0.title) (\($0.undo.summary))" }.joined(separator: "\n")
        FileHandle.standardError.write(Data("These steps cannot be undone:\n\(steps)\nType 'yes' to go on: ".utf8))
        return readLine()?.trimmingCharacters(in: .whitespaces) == "yes"
    }
}
