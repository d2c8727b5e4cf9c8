/// One character of a command line as the shell or systemd sees it, with its offset in the file.
/// Line continuations become a separating space whose offset is the backslash's.
struct SourceChar: Sendable, Hashable {
    var scalar: Unicode.Scalar
    var offset: Int
    /// Offset of the last file character this one stands for (`%%` is one `%` for systemd).
    var lastOffset: Int

    init(scalar: Unicode.Scalar, offset: Int, lastOffset: Int? = nil) {
        self.scalar = scalar
        self.offset = offset
        self.lastOffset = lastOffset ?? offset
    }
}

/// How a command-line word is quoted as written.
enum WordQuoting: Sendable, Hashable {
    case none, single, double, mixed
}

/// One word of a systemd ExecStart or an OpenRC `command_args`, located in the file.
struct ScriptWord: Sendable, Hashable {
    /// The word after quote removal (variables left as written).
    var text: String
    /// File offsets from the word's first to its last written character.
    var range: Range<Int>
    /// 0-based line where the word starts.
    var line: Int
    /// Whether the whole word sits on one line (only then is it edited in place).
    var isSingleLine: Bool
    var quoting: WordQuoting
    /// Contains `$VAR` / `${VAR}` expanded when the service starts.
    var hasVariable: Bool
    /// A shell redirection such as `>>/var/log/k3s.log` or `2>&1` (OpenRC eval's `command_args`).
    var isRedirection = false
    /// A bare redirection operator (`>>`) whose target is the next word.
    var isRedirectionOperator = false
}
