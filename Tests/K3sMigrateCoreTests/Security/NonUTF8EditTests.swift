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

    /// An OpenRC script is shell, which takes any byte: a Latin-1 comment and a lone 0xff there
    /// are the host's business, and an edit keeps them.
    @Test func flannelBackendEditKeepsLatin1AndLoneFF() throws {
        let head: [Part] = ["#!/sbin/openrc-run\n# caf", [0xE9], "\n# ", [0xFF], " and ", [0xC3], "\nname=k3s\ncommand=\"/usr/local/bin/k3s\"\ncommand_args=\"server \\\n"]
        let tail: [Part] = [" \\\n    --node-label=a=b\"  # ", [0xFE, 0x80], "\n"]
        let before = Self.bytes(head + ["    --flannel-backend=vxlan"] + tail)
        let wanted = Self.bytes(head + ["    --flannel-backend=wireguard-native"] + tail)
        let path = K3sPaths.openrcScript(.server)
        let facts = HostFacts(host: "n1", files: [path: FileFact(path: path, content: before)])
        let settings = NodeSettings(facts: facts, role: .server)
        #expect(settings.diagnostics.isEmpty, "\(settings.diagnostics)")
        #expect(settings.effective("node-label")?.values == ["a=b"])
        #expect(settings.effective("flannel-backend")?.value == "vxlan")
        let changes = try settings.edits(setting: "flannel-backend", to: ["wireguard-native"], asList: false)
        let change = try #require(changes.first)
        #expect(changes.count == 1)
        #expect(change.path == path)
        #expect(change.beforeBytes == before, "what the edit expects to find is the file as read")
        #expect(change.afterBytes == wanted)
        #expect(change.diff.contains("-    --flannel-backend=vxlan") && change.diff.contains("+    --flannel-backend=wireguard-native"))
    }

    /// config.yaml is another matter: go-yaml refuses a file that is not UTF-8, so K3s would not
    /// start; the file is invalid (named at its line) and a plan that would restart K3s on it is refused.
    @Test func configYAMLThatIsNotUTF8IsInvalidForK3s() throws {
        let before = Self.bytes(["flannel-backend: vxlan\n# caf", [0xE9], "\nnode-label: [a=b]\n"])
        let facts = HostFacts(host: "n1", files: [K3sPaths.config: FileFact(path: K3sPaths.config, content: before)])
        let settings = NodeSettings(facts: facts, role: .server)
        let problem = try #require(settings.diagnostics.first { $0.rule == "invalid-yaml" })
        #expect(problem.severity == .error)
        #expect(problem.location?.line == 2)
        #expect(problem.message.contains("byte 0xE9 is not UTF-8"))
        #expect(settings.effective("node-label")?.values == ["a=b"], "still shown as read")
        // The plan for such a server is refused, like any invalid YAML.
        var fleet = TestFleet()
        fleet.server("s1", config: LosslessText.decode(Self.bytes(["cluster-init: true\nflannel-backend: wireguard\n# caf", [0xE9], "\n"])))
        #expect(throws: DiagnosticsError.self) { _ = try fleet.plan() }
        do { _ = try fleet.plan() } catch let error as DiagnosticsError {
            #expect(error.diagnostics.map(\.rule).contains("invalid-yaml"))
        }
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
