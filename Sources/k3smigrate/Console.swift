import Foundation
import ArgumentParser
import K3sMigrateCore
import K3sMigrateRun

/// Terminal concerns of the command line: colour and error lines on stderr.
enum Console {
    /// Colour on stdout: `--color always|never` decides; `auto` follows the environment
    /// (FORCE_COLOR set and not "0" forces colour; then NO_COLOR set, or TERM=dumb, turns it off)
    /// and otherwise colours only a terminal.
    static func palette(_ choice: ColorChoice, environment: [String: String] = ProcessInfo.processInfo.environment,
                        isTerminal: Bool = isatty(STDOUT_FILENO) == 1) -> Palette {
        Palette(enabled: colorEnabled(choice, environment: environment, isTerminal: isTerminal))
    }

    static func colorEnabled(_ choice: ColorChoice, environment: [String: String], isTerminal: Bool) -> Bool {
        switch choice {
        case .always: return true
        case .never: return false
        case .auto:
            if let force = environment["FORCE_COLOR"], !force.isEmpty, force != "0" { return true }
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
            if environment["TERM"] == "dumb" { return false }
            return isTerminal
        }
    }

    static func report(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics {
            // Node bytes in a message (paths, stderr) can't drive the terminal, nor carry a secret.
            let line = TerminalText.visible(Redactor.redact(diagnostic.description), keepLineBreaks: false)
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    /// The JSON document for problems, the same shape as `check --format json`.
    static func diagnosticsDocument(_ diagnostics: [Diagnostic]) -> JSONValue {
        .object([
            ("formatVersion", .int(1)),
            ("errors", .int(diagnostics.filter { $0.severity == .error }.count)),
            ("warnings", .int(diagnostics.filter { $0.severity == .warning }.count)),
            ("problems", .array(diagnostics.map(PlanJSONRenderer.diagnostic))),
        ])
    }

    /// Reports problems that end a command: one line each on stderr and, with `--format json`, the
    /// diagnostics document on stdout so that stdout stays JSON. Returns the exit code to throw.
    /// `shownBefore` are warnings already printed on stderr that the document must carry too.
    static func fail(_ diagnostics: [Diagnostic], json: Bool, shownBefore: [Diagnostic] = []) -> ExitCode {
        report(diagnostics)
        if json { print(diagnosticsDocument(shownBefore + diagnostics).rendered(indent: 2)) }
        return ExitCodes.error
    }

    /// A one-line error that is not a usage error: exit 1, no Usage line.
    static func fail(_ message: String, rule: String = "error", json: Bool) -> ExitCode {
        fail([.error(rule, message)], json: json)
    }
}

extension Error {
    /// The problems an error carries, each one line with host, file and line where known.
    var diagnostics: [Diagnostic] {
        if let error = self as? DiagnosticsError { return error.diagnostics }
        if let diagnostic = self as? Diagnostic { return [diagnostic] }
        // `facts --save DIR` refusing a path or a link a node reported: one line, exit 1.
        if let error = self as? FactsDirectoryError { return [.error("facts-dir", error.description)] }
        return [.error("internal", "\(self)")]
    }
}
