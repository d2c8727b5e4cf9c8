/// An IPv4 or IPv6 network such as `10.42.0.0/16` or `fd01::/48`.
public struct CIDRBlock: Sendable, Hashable, CustomStringConvertible {
    public enum Family: String, Sendable, Hashable {
        case ipv4, ipv6
    }

    public var family: Family
    /// 4 or 16 bytes.
    public var address: [UInt8]
    public var prefixLength: Int

    /// Parses `ADDRESS/PREFIX`; nil when either part is malformed or the prefix is out of range.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let prefix = Int(parts[1]), !parts[1].hasPrefix("+"), !parts[1].hasPrefix("-") else { return nil }
        if let v4 = Self.parseIPv4(parts[0]) {
            guard (0...32).contains(prefix) else { return nil }
            family = .ipv4
            address = v4
        } else if let v6 = Self.parseIPv6(parts[0]) {
            guard (0...128).contains(prefix) else { return nil }
            family = .ipv6
            address = v6
        } else {
            return nil
        }
        prefixLength = prefix
    }

    /// The comma-separated list K3s accepts for cluster-cidr / service-cidr; nil items did not parse.
    public static func parseList(_ values: [String]) -> [(text: String, block: CIDRBlock?)] {
        values.flatMap { $0.split(separator: ",") }.map { item in
            let text = TextBuffer.trimmed(String(item))
            return (text, CIDRBlock(text))
        }
    }

    public var description: String {
        switch family {
        case .ipv4: return address.map(String.init).joined(separator: ".") + "/\(prefixLength)"
        case .ipv6:
            let groups = stride(from: 0, to: 16, by: 2).map { String(UInt16(address[$0]) << 8 | UInt16(address[$0 + 1]), radix: 16) }
            return groups.joined(separator: ":") + "/\(prefixLength)"
        }
    }

    static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for octet in octets {
            guard !octet.isEmpty, octet.count <= 3, octet.allSatisfy(\.isASCII), octet.allSatisfy(\.isNumber),
                  let value = UInt8(octet) else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    static func parseIPv6(_ text: Substring) -> [UInt8]? {
        guard text.contains(":") else { return nil }
        let halves = splitAtDoubleColon(text)
        guard halves.count <= 2 else { return nil }
        func groups(_ part: Substring) -> [UInt8]? {
            guard !part.isEmpty else { return [] }
            var bytes: [UInt8] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains(".") {
                    guard let v4 = parseIPv4(piece) else { return nil }
                    bytes += v4
                    continue
                }
                guard (1...4).contains(piece.count), piece.allSatisfy(\.isHexDigit), let value = UInt16(piece, radix: 16) else { return nil }
                bytes += [UInt8(value >> 8), UInt8(value & 0xFF)]
            }
            return bytes
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 16 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count <= 14 else { return nil }
        return head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
    }

    /// Splits at `::` (at most one is valid in an IPv6 address).
    static func splitAtDoubleColon(_ text: Substring) -> [Substring] {
        var parts: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if text[index] == ":", next < text.endIndex, text[next] == ":" {
                parts.append(text[start..<index])
                start = text.index(after: next)
                index = start
                continue
            }
            index = next
        }
        parts.append(text[start..<text.endIndex])
        return parts
    }
}
