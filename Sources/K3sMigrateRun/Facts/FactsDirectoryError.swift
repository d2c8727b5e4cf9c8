/// A facts directory that can't be read or written.
public struct FactsDirectoryError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
