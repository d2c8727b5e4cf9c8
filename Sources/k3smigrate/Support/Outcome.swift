import ArgumentParser
import Foundation
import K3sMigrateCore
import K3sMigrateRun

/// Turns how a session ended into the documented exit code, with the last words for the operator.
enum Outcome {
    static func exitCode(for result: SessionResult, stateDirectory: String, inventory: String) -> ExitCode {
        let state = stateDirectory == StateDirectory.default() ? "" : " --state-dir \(ShellCommand.quote(stateDirectory))"
        let inv = ShellCommand.quote(inventory)
        switch result {
        case .refused(let problems):
            Console.report(problems)
            return ExitCodes.error
        case .rolledBack(let runID, let report):
            if report.isComplete {
                say("run \(runID) rolled back")
                return ExitCodes.success
            }
            say("rollback of run \(runID) incomplete; still to undo: \(report.remaining.joined(separator: ", "))")
            return ExitCodes.rollbackIncomplete
        case .finished(let runID, let outcome):
            switch outcome {
            case .nothingToDo:
                say("nothing to do: every targeted host is already as the playbook wants it")
                return ExitCodes.success
            case .succeeded:
                return ExitCodes.success
            case .succeededExcept(_, let remaining):
                say("run \(runID): some agents failed and were rolled back one by one; see k3smigrate runs show \(runID)\(state)")
                return remaining.isEmpty ? ExitCodes.rolledBack : ExitCodes.rollbackIncomplete
            case .failedBeforeChanges(let problems):
                Console.report(problems)
                return ExitCodes.error
            case .rolledBack:
                say("run \(runID) failed and was rolled back; journal: k3smigrate runs show \(runID)\(state)")
                return ExitCodes.rolledBack
            case .rollbackIncomplete(_, let remaining):
                say("run \(runID) failed and the rollback is incomplete; still to undo: \(remaining.joined(separator: ", "))")
                say("fix the hosts named above, then: k3smigrate rollback -i \(inv) \(runID)\(state)")
                return ExitCodes.rollbackIncomplete
            case .failedNoRollback:
                say("run \(runID) failed; nothing was rolled back (--no-rollback). To undo: k3smigrate rollback -i \(inv) \(runID)\(state)")
                return ExitCodes.rollbackIncomplete
            case .interrupted:
                say("run \(runID) interrupted. Continue:  k3smigrate apply -i \(inv) --resume \(runID)\(state)")
                say("or undo it:   k3smigrate rollback -i \(inv) \(runID)\(state)")
                return ExitCodes.interrupted
            }
        }
    }

    private static func say(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
