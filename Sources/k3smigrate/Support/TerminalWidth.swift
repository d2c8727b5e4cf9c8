import Foundation

/// Columns of the terminal on stdout (80 when it can't be asked).
enum TerminalWidth {
    static func columns() -> Int {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}
