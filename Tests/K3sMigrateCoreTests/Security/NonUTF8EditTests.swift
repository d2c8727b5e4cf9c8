import Testing
@testable import K3sMigrateCore

/// Bytes that are not UTF-8 in a node file survive an edit: the output is the input with only
/// the changed value replaced (they used to become U+FFFD).
@Suite struct NonUTF8EditTests {
    enum Part: ExpressibleByStringLiteral, ExpressibleByArrayLiteral {
        case text(String), raw([UInt8])
        init(stringLiteral value: String) { self = .text(value) }
        init(arrayLiteral elements: UInt8...) { self = .raw(elements) }
        var bytes: [UInt8] { switch self { case .text(let text): Array(text.utf8); case .raw(let raw): raw } }
    }

    static func bytes(_ parts: [Part]) -> [UInt8] { parts.flatMap(\.bytes) }

    @Test func flannelBackendEditKeepsLatin1AndLoneFF() throws {
        let before = Self.bytes(["# caf", [0xE9], "\n# ", [0xFF], " and ", [0xC3], "\nflannel-backend: vxlan  # ", [0xFE, 0x80], "\nnode-label: [a=b]\n"])
        let wanted = Self.bytes(["# caf", [0xE9], "\n# ", [0xFF], " and ", [0xC3], "\nflannel-backend: wireguard-native  # ", [0xFE, 0x80], "\nnode-label: [a=b]\n"])
        let facts = HostFacts(host: "n1", files: [K3sPaths.config: FileFact(path: K3sPaths.config, content: before)])
        let settings = NodeSettings(facts: facts, role: .server)
        #expect(settings.diagnostics.isEmpty, "\(settings.diagnostics)")
        #expect(settings.effective("node-label")?.values == ["a=b"])
        let changes = try settings.edits(setting: "flannel-backend", to: ["wireguard-native"], asList: false)
        let change = try #require(changes.first)
        #expect(changes.count == 1)
        #expect(change.beforeBytes == before, "what the edit expects to find is the file as read")
        #expect(change.afterBytes == wanted)
        #expect(change.diff.contains("-flannel-backend: vxlan") && change.diff.contains("+flannel-backend: wireguard-native"))
    }

    @Test(arguments: [
        [UInt8](), [0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF],
        // U+10FF00 and U+10FFFF written as UTF-8: the escape range itself round-trips too.
        [0xF4, 0x8F, 0xBC, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], Array("plain ascii\n".utf8), Array("é ü 日本 🎉".utf8),
        [0x61, 0xE9, 0x62, 0xFF, 0xFE, 0x0A, 0x00, 0x85],
    ])
    func roundTrip(_ bytes: [UInt8]) {
        let text = LosslessText.decode(bytes)
        #expect(LosslessText.encode(text) == bytes)
        #expect(FileFact(path: "/x", text: FileFact(path: "/x", content: bytes).text).content == bytes)
    }

    @Test func validUTF8DecodesAsItself() {
        let text = "flannel-backend: wireguard-native # café 🎉\n"
        #expect(LosslessText.decode(Array(text.utf8)) == text)
        #expect(LosslessText.decode([0x61, 0xFF]).unicodeScalars.count == 2)
    }
}
