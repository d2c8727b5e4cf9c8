import Foundation
import K3sMigrateCore

/// Finds playbooks: a path to a YAML file, or the name of a built-in (`wireguard-native`) looked
/// up in `$K3SMIGRATE_PLAYBOOKS`, then in a `playbooks/` directory beside or above the executable
/// (the source checkout), then in the current directory's `playbooks/`.
public enum PlaybookLocator {
    public static func directories(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var dirs: [String] = []
        if let custom = environment["K3SMIGRATE_PLAYBOOKS"], !custom.isEmpty { dirs.append(custom) }
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            dirs.append(dir.appendingPathComponent("share/k3smigrate/playbooks").path)
            dirs.append(dir.appendingPathComponent("playbooks").path)
            dir = dir.deletingLastPathComponent()
        }
        dirs.append(FileManager.default.currentDirectoryPath + "/playbooks")
        return dirs
    }

    /// The file for `nameOrPath`.
    public static func locate(_ nameOrPath: String) throws(DiagnosticsError) -> String {
        let fm = FileManager.default
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") {
            guard fm.fileExists(atPath: nameOrPath) else {
                throw DiagnosticsError([.error("playbook", at: SourceLocation(file: nameOrPath), "no such playbook file")])
            }
            return nameOrPath
        }
        for dir in directories() {
            let path = "\(dir)/\(nameOrPath).yaml"
            if fm.fileExists(atPath: path) { return path }
        }
        let known = builtInNames().joined(separator: ", ")
        throw DiagnosticsError([.error("playbook", "no built-in playbook named '\(nameOrPath)' (built-ins: \(known.isEmpty ? "none found" : known)); give a path to use your own")])
    }

    /// The built-in playbook files (from the first directory that has any), sorted by name.
    public static func builtIns() -> [String] {
        let fm = FileManager.default
        for dir in directories() {
            guard let names = try? fm.contentsOfDirectory(atPath: dir) else { continue }
            let yaml = names.filter { $0.hasSuffix(".yaml") }.sorted()
            if !yaml.isEmpty { return yaml.map { "\(dir)/\($0)" } }
        }
        return []
    }

    public static func builtInNames() -> [String] {
        builtIns().map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }
    }

    public static func load(_ nameOrPath: String) throws(DiagnosticsError) -> Playbook {
        let path = try locate(nameOrPath)
        let text = try TextFile.read(path)
        return try PlaybookParser.parse(text, file: path)
    }
}
