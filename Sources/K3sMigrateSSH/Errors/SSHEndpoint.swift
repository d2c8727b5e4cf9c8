/// Who an error is about: the inventory name and where we tried to reach it.
public struct SSHEndpoint: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var address: String
    public var port: Int

    public init(host: String, address: String, port: Int) {
        self.host = host
        self.address = address
        self.port = port
    }

    /// `host web1 (10.0.0.5:22)`; IPv6 addresses in brackets.
    public var description: String {
        let shownAddress = address.contains(":") ? "[\(address)]" : address
        return "host \(host) (\(shownAddress):\(port))"
    }
}
