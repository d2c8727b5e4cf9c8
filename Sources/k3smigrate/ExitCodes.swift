import ArgumentParser

/// Exit codes, one meaning each; documented in README.md and stable.
enum ExitCodes {
    /// Done, or nothing to do.
    static let success = ExitCode(0)
    /// An error before any change: bad input, a refused plan, `check` found errors, unreachable host.
    static let error = ExitCode(1)
    /// `plan --detailed-exitcode`: changes are pending.
    static let changesPending = ExitCode(2)
    /// `apply` failed and rolled back cleanly.
    static let rolledBack = ExitCode(3)
    /// `apply` failed and the rollback is incomplete: the journal names what to fix.
    static let rollbackIncomplete = ExitCode(4)
    /// Wrong command-line usage (argument parser).
    static let usage = ExitCode(64)
    /// Interrupted by SIGINT/SIGTERM.
    static let interrupted = ExitCode(130)

    static let summary = "0 done/nothing to do, 1 error before any change, 2 changes pending (plan --detailed-exitcode), 3 failed and rolled back, 4 failed and rollback incomplete, 64 usage, 130 interrupted."
}
