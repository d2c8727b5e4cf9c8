import Foundation
import K3sMigrateCore

/// A host's files mirrored under a local directory: host path `/etc/x` lives at `root/etc/x`.
/// Symlinks inside the mirror are read as the host would: an absolute target is relative to the
/// host's root, never to this machine's.
struct HostFilesystemMirror {
    let root: String
    private var fileManager: FileManager { .default }

    func local(_ hostPath: String) -> String { root + hostPath }

    /// Whether anything (file, directory, dangling link) is at `hostPath`.
    func exists(_ hostPath: String) -> Bool {
        fileType(local(hostPath), followingLinks: false) != nil
    }

    func isSymlink(_ hostPath: String) -> Bool {
        fileType(local(hostPath), followingLinks: false) == S_IFLNK
    }

    func isDirectory(_ hostPath: String) -> Bool {
        fileType(local(hostPath), followingLinks: true) == S_IFDIR
    }

    /// `st_mode & S_IFMT`, or nil when nothing is there. Plain stat calls: facts directories of
    /// thousands of hosts are read, and Foundation's attribute dictionaries cost more than the I/O.
    private func fileType(_ localPath: String, followingLinks: Bool) -> mode_t? {
        var info = stat()
        let status = followingLinks ? stat(localPath, &info) : lstat(localPath, &info)
        return status == 0 ? info.st_mode & S_IFMT : nil
    }

    /// Names in the directory `hostPath`, sorted; empty when it doesn't exist.
    func entries(of hostPath: String) -> [String] {
        ((try? fileManager.contentsOfDirectory(atPath: local(hostPath))) ?? []).sorted()
    }

    /// The host path that `hostPath` finally points to, following symlinks in the mirror.
    func resolve(_ hostPath: String) throws -> String {
        var current = hostPath
        for _ in 0..<32 {
            guard isSymlink(current) else { return current }
            let target = try fileManager.destinationOfSymbolicLink(atPath: local(current))
            let parent = (current as NSString).deletingLastPathComponent
            current = Self.normalize(target.hasPrefix("/") ? target : parent + "/" + target)
        }
        throw FactsDirectoryError("too many levels of symbolic links at \(local(hostPath))")
    }

    /// `/a/./b/../c` → `/a/c`, never above `/`.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The relative path from the directory holding `from` to `to` (both host paths).
    static func relativePath(from: String, to: String) -> String {
        let fromParts = (from as NSString).deletingLastPathComponent.split(separator: "/")
        let toParts = to.split(separator: "/")
        var common = 0
        while common < fromParts.count, common < toParts.count - 1, fromParts[common] == toParts[common] { common += 1 }
        let ups = Array(repeating: "..", count: fromParts.count - common)
        return (ups + toParts[common...].map(String.init)).joined(separator: "/")
    }
}
