import Foundation

/// Passphrases for encrypted key files: from the environment variable the target names, else
/// asked once per key on the terminal (no echo), only when stdin is a terminal. Shared by every
/// session thread, so its cache and the prompt sit behind one lock.
final class PassphraseSource: @unchecked Sendable {
    static let shared = PassphraseSource()

    private let lock = NSLock()
    private var cache: [String: String] = [:]

    func passphrase(forKey path: String, variable: String) -> String? {
        if let value = getenv(variable) { return String(cString: value) }
        lock.lock()
        defer { lock.unlock() }
        if let cached = cache[path] { return cached }
        guard isatty(STDIN_FILENO) == 1, let typed = prompt("Enter passphrase for key '\(path)': ") else { return nil }
        cache[path] = typed
        return typed
    }

    private func prompt(_ text: String) -> String? {
        let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard tty >= 0 else { return nil }
        defer { close(tty) }
        var saved = termios()
        guard tcgetattr(tty, &saved) == 0 else { return nil }
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        _ = text.withCString { write(tty, $0, strlen($0)) }
        tcsetattr(tty, TCSAFLUSH, &silent)
        defer {
            tcsetattr(tty, TCSAFLUSH, &saved)
            _ = write(tty, "\n", 1)
        }
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(tty, &byte, 1) == 1 {
            if byte == 0x0A || byte == 0x0D { break }
            line.append(byte)
        }
        return String(decoding: line, as: UTF8.self)
    }
}
