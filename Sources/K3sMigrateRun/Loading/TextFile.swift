import Foundation
import K3sMigrateCore

/// Reads a local text file, failing with a diagnostic that names it.
public enum TextFile {
    public static func read(_ path: String) throws(DiagnosticsError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file"
            throw DiagnosticsError([.error("input", at: SourceLocation(file: path), reason)])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticsError([.error("input", at: SourceLocation(file: path), "the file is not UTF-8 text")])
        }
        return text
    }
}
