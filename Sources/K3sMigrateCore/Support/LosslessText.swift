/// Node files as text without losing a byte. K3s files are UTF-8 in practice, but a node's file
/// may hold anything (a Latin-1 comment, a stray 0xff); decoding with replacement would turn
/// those into U+FFFD, and an edit would then write U+FFFD back and the file would no longer be
/// what was read. Here every byte that is not part of a well-formed UTF-8 sequence becomes one
/// scalar of U+10FF00...U+10FFFF (the end of plane 16, private use) that `encode` turns back
/// into that byte. A file that really holds one of those 256 scalars has its four bytes escaped
/// one by one, so `encode(decode(bytes)) == bytes` for every input. libyaml reads the escapes
/// as ordinary characters (it accepts U+10000...U+10FFFF), so comments and values that hold
/// them parse as before and columns stay consistent.
public enum LosslessText {
    static let escapeBase: UInt32 = 0x10FF00

    public static func decode(_ bytes: some Collection<UInt8>) -> String {
        if let text = String(validating: bytes, as: UTF8.self), !text.unicodeScalars.contains(where: { $0.value >= escapeBase }) {
            return text
        }
        let bytes = Array(bytes)
        var scalars = String.UnicodeScalarView()
        var index = 0
        while index < bytes.count {
            if let (scalar, length) = sequence(bytes, at: index), scalar.value < escapeBase {
                scalars.append(scalar)
                index += length
            } else {
                scalars.append(escape(bytes[index]))
                index += 1
            }
        }
        return String(scalars)
    }

    public static func encode(_ text: String) -> [UInt8] {
        guard text.unicodeScalars.contains(where: { $0.value >= escapeBase }) else { return Array(text.utf8) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if let raw = rawByte(scalar) { bytes.append(raw) } else { UTF8.encode(scalar) { bytes.append($0) } }
        }
        return bytes
    }

    /// The byte `scalar` stands for, when it is an escape made by `decode`.
    public static func rawByte(_ scalar: Unicode.Scalar) -> UInt8? {
        scalar.value >= escapeBase ? UInt8(scalar.value - escapeBase) : nil
    }

    static func escape(_ byte: UInt8) -> Unicode.Scalar { Unicode.Scalar(escapeBase + UInt32(byte))! }

    /// The well-formed UTF-8 sequence at `index` (Unicode table 3-7) and its length, or nil.
    private static func sequence(_ bytes: [UInt8], at index: Int) -> (Unicode.Scalar, Int)? {
        let first = bytes[index]
        if first < 0x80 { return (Unicode.Scalar(first), 1) }
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch first {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: return nil
        }
        guard index + length <= bytes.count, secondRange.contains(bytes[index + 1]) else { return nil }
        var value = UInt32(first) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for offset in 1..<length {
            let byte = bytes[index + offset]
            guard offset == 1 || (0x80...0xBF).contains(byte) else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        return Unicode.Scalar(value).map { ($0, length) }
    }
}
