/// A facts directory that can't be read or written.
public struct FactsDirectoryError: Error, Sendable, CustomStringConvertible {
    /// The whole line: host and path included.
    public var description: String
    /// What is wrong without the host and path prefix, for a diagnostic that names them itself.
    public var detail: String
    public init(_ description: String, detail: String? = nil) {
        self.description = description
        self.detail = detail ?? description
    }
}
