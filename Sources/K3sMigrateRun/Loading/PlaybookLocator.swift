import Foundation
import K3sMigrateCore

/// Finds playbooks. `-p NAME` always means a built-in (compiled into the binary, see
/// BuiltInPlaybooks); `-p PATH` (it contains a slash or ends in .yaml/.yml) reads that file.
public enum PlaybookLocator {
    /// One built-in playbook: its name and its YAML text exactly as in playbooks/NAME.yaml.
    public struct BuiltIn: Sendable {
        public let name: String
        public let text: String
        /// How diagnostics name it (there is no file on disk).
        public var file: String { "built-in:\(name).yaml" }
    }

    public static var builtIns: [BuiltIn] { BuiltInPlaybooks.all.map { BuiltIn(name: $0.name, text: $0.text) } }

    public static func builtInNames() -> [String] { BuiltInPlaybooks.all.map(\.name) }

    public static func builtIn(named name: String) -> BuiltIn? {
        BuiltInPlaybooks.all.first { $0.name == name }.map { BuiltIn(name: $0.name, text: $0.text) }
    }

    /// True when `-p` names a file rather than a built-in.
    public static func isPath(_ nameOrPath: String) -> Bool {
        nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml")
    }

    public static func load(_ nameOrPath: String) throws(DiagnosticsError) -> Playbook {
        if isPath(nameOrPath) {
            guard FileManager.default.fileExists(atPath: nameOrPath) else {
                throw DiagnosticsError([.error("playbook", at: SourceLocation(file: nameOrPath), "no such playbook file")])
            }
            return try PlaybookParser.parse(try TextFile.read(nameOrPath), file: nameOrPath)
        }
        guard let builtIn = builtIn(named: nameOrPath) else {
            let names = builtInNames()
            let hint = KeySuggestion.closest(to: nameOrPath, among: names).map { "did you mean '\($0)'? " } ?? ""
            throw DiagnosticsError([.error("playbook", "no built-in playbook named '\(nameOrPath)'; \(hint)built-ins: \(names.joined(separator: ", ")) (`k3smigrate playbooks`); give a path such as ./\(nameOrPath).yaml to use your own")])
        }
        return try PlaybookParser.parse(builtIn.text, file: builtIn.file)
    }
}
