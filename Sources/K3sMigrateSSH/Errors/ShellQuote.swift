import K3sMigrateCore

/// Quoting for hints we print for the user to paste into a local shell.
enum ShellQuote {
    static func word(_ text: String) -> String { ShellCommand.quote(text) }
}
