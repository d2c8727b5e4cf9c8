import Foundation
import K3sMigrateCore

/// `-i DIR`: a directory of inventory files, one cluster each.
public enum FleetDirectory {
    /// True when `path` names a directory (a fleet) rather than one inventory file.
    public static func isFleet(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Reads every `*.yaml` / `*.yml` file directly in `path` (hidden files and subdirectories
    /// are not inventories) and assembles the fleet; every problem of every file at once.
    public static func load(_ path: String) throws(DiagnosticsError) -> FleetInventory {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw DiagnosticsError([.error("fleet-directory", at: SourceLocation(file: path), "cannot list the directory: \(error.localizedDescription)")])
        }
        var root = path
        while root.count > 1, root.hasSuffix("/") { root.removeLast() }
        var files: [(path: String, text: String)] = []
        var problems: [Diagnostic] = []
        for name in names.sorted() where !name.hasPrefix(".") && (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) {
            let file = root + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            do { files.append((file, try TextFile.read(file))) } catch { problems += error.diagnostics }
        }
        guard problems.isEmpty else { throw DiagnosticsError(problems) }
        return try FleetInventory.assemble(directory: root, files: files)
    }
}
