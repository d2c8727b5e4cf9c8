/// One line of an `iptables-save` dump, with the table it belongs to.
public struct FirewallDumpLine: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `filter`, `nat`, `mangle`, `raw`, `security`; nil before the first `*table` line.
    public var table: String?
    public var text: String

    public init(table: String?, text: String) {
        self.table = table
        self.text = text
    }

    public var description: String { table.map { "[\($0)] \(text)" } ?? text }
}
