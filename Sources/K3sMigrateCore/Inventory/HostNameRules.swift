/// What a host name must be: it names a directory under `--from-dir` / `facts --save`, and a term
/// of `--limit` (comma-separated, `label=value`).
public enum HostNameRules {
    /// Why `name` can't be a host name, or nil when it can.
    public static func problem(with name: String) -> String? {
        if name.isEmpty { return "is empty" }
        if name == "." || name == ".." { return "is '\(name)', which is not usable as a directory name" }
        if name.contains("/") { return "contains '/', which is not usable in a directory name" }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "contains a control character"
        }
        if name.first == " " || name.last == " " { return "starts or ends with a space" }
        if name.contains(",") { return "contains ',', which --limit uses to separate names" }
        if name.contains("=") { return "contains '=', which --limit reads as label=value" }
        return nil
    }
}
