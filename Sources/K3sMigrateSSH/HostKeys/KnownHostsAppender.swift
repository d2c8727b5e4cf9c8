import Foundation

/// Appends recorded host keys to known_hosts (accept-new). One lock for the process so that
/// many hosts connecting at once never interleave their lines.
enum KnownHostsAppender {
    private static let lock = NSLock()

    static func append(_ line: String, to path: String) throws {
        lock.lock()
        defer { lock.unlock() }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty && !FileManager.default.fileExists(atPath: directory) {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                     attributes: [.posixPermissions: 0o700])
        }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw SSHError.configInvalid(file: path, line: 0, message: "cannot record host key: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var text = line + "\n"
        var info = stat()
        if fstat(fd, &info) == 0, info.st_size > 0, !endsWithNewline(path) { text = "\n" + text }
        let written = text.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
        guard written == text.utf8.count else {
            throw SSHError.configInvalid(file: path, line: 0, message: "cannot record host key: \(String(cString: strerror(errno)))")
        }
    }

    private static func endsWithNewline(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return true }
        defer { try? handle.close() }
        guard let end = try? handle.seekToEnd(), end > 0 else { return true }
        try? handle.seek(toOffset: end - 1)
        return (try? handle.read(upToCount: 1)) == Data([0x0A])
    }
}
