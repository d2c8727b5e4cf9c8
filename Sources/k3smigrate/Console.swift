import Foundation
import K3sMigrateCore
import K3sMigrateRun

/// Terminal concerns of the command line: colour and error lines on stderr.
enum Console {
    static func palette(force: Bool) -> Palette {
        let env = ProcessInfo.processInfo.environment
        if env["NO_COLOR"].map({ !$0.isEmpty }) == true { return Palette(enabled: false) }
        return Palette(enabled: force || isatty(STDOUT_FILENO) == 1)
    }

    static func report(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics {
            // Node bytes in a message (paths, stderr) can't drive the terminal, nor carry a secret.
            let line = TerminalText.visible(Redactor.redact(diagnostic.description), keepLineBreaks: false)
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }
}

extension Error {
    /// The problems an error carries, each one line with host, file and line where known.
    var diagnostics: [Diagnostic] {
        if let error = self as? DiagnosticsError { return error.diagnostics }
        if let diagnostic = self as? Diagnostic { return [diagnostic] }
        return [.error("internal", "\(self)")]
    }
}
