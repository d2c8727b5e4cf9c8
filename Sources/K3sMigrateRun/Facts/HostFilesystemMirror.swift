import Foundation
import K3sMigrateCore

/// A host's files mirrored under a local directory: host path `/etc/x` lives at `root/etc/x`.
/// The mirror is the host's root, with chroot semantics: every component of every path is
/// resolved inside it (an absolute link target starts again at the mirror's root, `..` stops
/// there), so nothing a facts directory or a node says can reach the controller's own files.
/// Reading refuses anything but regular files (FIFOs, devices, sockets); writing never follows a
/// link, creates each missing directory itself (0700), and refuses a path with `.`, `..`, an
/// empty component, a NUL or a line break.
struct HostFilesystemMirror {
    let root: String
    /// The host the mirror belongs to, for messages.
    var host: String = ""
    /// Remembers what each local path is, for a mirror that is only read (loading a facts
    /// directory looks at the same directories for every candidate path: one lstat each instead
    /// of one per path and component). Reading still opens with O_NOFOLLOW and checks fstat, so
    /// a remembered answer never lets a link or a special file through.
    final class TypeMemo {
        var types: [String: mode_t?] = [:]
    }
    var memo: TypeMemo?

    /// A larger file is refused: no K3s file comes near it.
    static let maxFileSize = 16 << 20
    private static let maxLinks = 40

    /// The local path of `hostPath`, for messages (and for callers that checked it is confined).
    func local(_ hostPath: String) -> String { root + hostPath }

    // MARK: paths

    /// Why `hostPath` can't be a path in a mirror, or nil: absolute, no empty, `.` or `..`
    /// component, no control character (NUL, line breaks).
    static func problem(with hostPath: String) -> String? {
        guard hostPath.hasPrefix("/") else { return "is not absolute" }
        if hostPath.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "contains a control character (NUL, line break...)"
        }
        let parts = hostPath.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        if hostPath != "/", parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) {
            return "has an empty, '.' or '..' component"
        }
        return nil
    }

    static func components(_ path: String) -> [String] {
        path.split(separator: "/").map(String.init)
    }

    /// `/a/./b/../c` → `/a/c`, never above `/` (the host's root).
    static func normalize(_ path: String) -> String {
        var parts: [String] = []
        for part in components(path) {
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
        let fromParts = components((from as NSString).deletingLastPathComponent)
        let toParts = components(to)
        var common = 0
        while common < fromParts.count, common < toParts.count - 1, fromParts[common] == toParts[common] { common += 1 }
        let ups = Array(repeating: "..", count: fromParts.count - common)
        return (ups + Array(toParts[common...])).joined(separator: "/")
    }

    // MARK: reading, chroot semantics

    /// `st_mode & S_IFMT` of the local path itself (a link is not followed), nil when absent.
    private static func type(_ localPath: String) -> mode_t? {
        var info = stat()
        return lstat(localPath, &info) == 0 ? info.st_mode & S_IFMT : nil
    }

    /// `type(_:)` through the memo, when there is one.
    private func lookUp(_ localPath: String) -> mode_t? {
        guard let memo else { return Self.type(localPath) }
        if let known = memo.types[localPath] { return known }
        let found = Self.type(localPath)
        memo.types[localPath] = found
        return found
    }

    /// Whether the mirror's root is a real directory (not a link to somewhere else).
    var rootIsDirectory: Bool { lookUp(root) == S_IFDIR }

    /// The host path `hostPath` stands for once every link in it is followed inside the mirror
    /// (the last component too when `followLast`). The result has no link in its directories.
    func resolve(_ hostPath: String, followLast: Bool = true) throws -> String {
        guard rootIsDirectory else { throw error(hostPath, "the host's directory \(root) is not a directory (a symbolic link is refused)") }
        var pending = Self.components(hostPath)
        var resolved: [String] = []
        var links = 0
        while !pending.isEmpty {
            let part = pending.removeFirst()
            if part == "." { continue }
            if part == ".." { _ = resolved.popLast(); continue }
            let candidate = resolved + [part]
            let localPath = root + "/" + candidate.joined(separator: "/")
            guard lookUp(localPath) == S_IFLNK, followLast || !pending.isEmpty else {
                resolved = candidate
                continue
            }
            links += 1
            guard links <= Self.maxLinks else { throw error(hostPath, "too many levels of symbolic links") }
            let target: String
            do { target = try FileManager.default.destinationOfSymbolicLink(atPath: localPath) } catch {
                throw self.error(hostPath, "cannot read the symbolic link \(localPath)")
            }
            if target.hasPrefix("/") { resolved = [] }
            pending = Self.components(target) + pending
        }
        return "/" + resolved.joined(separator: "/")
    }

    /// Whether anything (file, directory, dangling link) is at `hostPath`.
    func exists(_ hostPath: String) -> Bool {
        guard let resolved = try? resolve(hostPath, followLast: false) else { return false }
        return lookUp(local(resolved)) != nil
    }

    func isDirectory(_ hostPath: String) -> Bool {
        guard let resolved = try? resolve(hostPath) else { return false }
        return lookUp(local(resolved)) == S_IFDIR
    }

    /// Names in the directory `hostPath`, sorted; empty when it doesn't exist.
    func entries(of hostPath: String) -> [String] {
        guard let resolved = try? resolve(hostPath), lookUp(local(resolved)) == S_IFDIR else { return [] }
        return ((try? FileManager.default.contentsOfDirectory(atPath: local(resolved))) ?? []).sorted()
    }

    /// The content of the regular file `hostPath` (links followed inside the mirror) and the host
    /// path it resolved to; nil when nothing is there. FIFOs, devices, sockets, directories and
    /// files over `maxFileSize` are refused, naming the host and the path.
    func read(_ hostPath: String) throws -> (content: [UInt8], resolved: String)? {
        let resolved = try resolve(hostPath)
        let localPath = local(resolved)
        guard let kind = lookUp(localPath) else { return nil }
        guard kind == S_IFREG else { throw error(hostPath, "\(localPath) is \(Self.describe(kind)), not a regular file: refusing to read it") }
        let fd = open(localPath, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw error(hostPath, "cannot read \(localPath): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw error(hostPath, "\(localPath) is not a regular file: refusing to read it")
        }
        guard info.st_size <= Self.maxFileSize else {
            throw error(hostPath, "\(localPath) is \(info.st_size) bytes, more than the \(Self.maxFileSize >> 20) MiB a K3s file can be")
        }
        var content: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { throw error(hostPath, "cannot read \(localPath): \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            content += buffer[0..<n]
            guard content.count <= Self.maxFileSize else { throw error(hostPath, "\(localPath) grew past \(Self.maxFileSize >> 20) MiB while read") }
        }
        return (content, resolved)
    }

    private static func describe(_ kind: mode_t) -> String {
        switch kind {
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFDIR: return "a directory"
        case S_IFLNK: return "a symbolic link"
        default: return "a special file"
        }
    }

    // MARK: writing, never through a link

    /// Creates the mirror's root (0700) when missing; refuses a root that is a link or not a directory.
    func createRoot() throws {
        switch Self.type(root) {
        case nil:
            guard mkdir(root, 0o700) == 0 || errno == EEXIST else {
                throw error("/", "cannot create \(root): \(String(cString: strerror(errno)))")
            }
            guard Self.type(root) == S_IFDIR else { throw error("/", "\(root) is not a directory") }
        case S_IFDIR?: return
        case let kind?: throw error("/", "\(root) is \(Self.describe(kind)), not a directory: refusing to write through it")
        }
    }

    /// Checks that every directory of `hostPath` in the mirror is a real directory (creating the
    /// missing ones, 0700, when `create`); a link or a file on the way is refused.
    func checkDirectories(of hostPath: String, create: Bool) throws {
        if let problem = Self.problem(with: hostPath) { throw error(hostPath, "the path \(problem)") }
        try createRoot()
        var current = root
        for part in Self.components(hostPath).dropLast() {
            current += "/" + part
            switch Self.type(current) {
            case nil:
                guard create else { return }
                guard mkdir(current, 0o700) == 0, Self.type(current) == S_IFDIR else {
                    throw error(hostPath, "cannot create \(current): \(String(cString: strerror(errno)))")
                }
            case S_IFDIR?: continue
            case let kind?: throw error(hostPath, "\(current) is \(Self.describe(kind)), not a directory: refusing to write through it")
            }
        }
    }

    /// Writes `data` at `hostPath` (mode 0600): whatever was there (a file, or a link, which is
    /// removed, never followed) is replaced.
    func write(_ data: [UInt8], at hostPath: String) throws {
        try checkDirectories(of: hostPath, create: true)
        let localPath = local(hostPath)
        try removeEntry(hostPath)
        let fd = open(localPath, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw error(hostPath, "cannot write \(localPath): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var offset = 0
        while offset < data.count {
            let n = data[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw error(hostPath, "cannot write \(localPath): \(String(cString: strerror(errno)))") }
            offset += n
        }
    }

    /// Makes `hostPath` a relative link to the host path `target` (inside the mirror).
    func link(_ hostPath: String, to target: String) throws {
        if let problem = Self.problem(with: target) { throw error(hostPath, "the link target \(target.debugDescription) \(problem)") }
        try checkDirectories(of: hostPath, create: true)
        try removeEntry(hostPath)
        guard symlink(Self.relativePath(from: hostPath, to: target), local(hostPath)) == 0 else {
            throw error(hostPath, "cannot create the link \(local(hostPath)): \(String(cString: strerror(errno)))")
        }
    }

    /// Removes the file or link at `hostPath` (never what a link points to); a directory is refused.
    func removeEntry(_ hostPath: String) throws {
        try checkDirectories(of: hostPath, create: false)
        let localPath = local(hostPath)
        guard let kind = Self.type(localPath) else { return }
        guard kind != S_IFDIR else { throw error(hostPath, "\(localPath) is a directory: refusing to replace it") }
        guard unlink(localPath) == 0 else { throw error(hostPath, "cannot remove \(localPath): \(String(cString: strerror(errno)))") }
    }

    /// Names in the directory `hostPath` when every directory on the way is real (no link).
    func entriesWithoutLinks(of hostPath: String) throws -> [String] {
        try checkDirectories(of: (hostPath == "/" ? "" : hostPath) + "/x", create: false)
        guard Self.type(local(hostPath)) == S_IFDIR else { return [] }
        return ((try? FileManager.default.contentsOfDirectory(atPath: local(hostPath))) ?? []).sorted()
    }

    private func error(_ hostPath: String, _ message: String) -> FactsDirectoryError {
        FactsDirectoryError(host.isEmpty ? "\(hostPath): \(message)" : "host \(host): \(hostPath): \(message)", detail: message)
    }
}
