import Testing
@testable import K3sMigrateCore

@Suite struct CIDRBlockTests {
    @Test(arguments: [("10.42.0.0/16", CIDRBlock.Family.ipv4, 16), ("0.0.0.0/0", .ipv4, 0), ("fd01::/48", .ipv6, 48),
                      ("2001:cafe:42:0::/56", .ipv6, 56), ("::/0", .ipv6, 0), ("::ffff:10.0.0.1/128", .ipv6, 128),
                      ("1:2:3:4:5:6:7:8/64", .ipv6, 64)])
    func parses(_ text: String, _ family: CIDRBlock.Family, _ prefix: Int) throws {
        let block = try #require(CIDRBlock(text))
        #expect(block.family == family)
        #expect(block.prefixLength == prefix)
        #expect(block.address.count == (family == .ipv4 ? 4 : 16))
    }

    @Test(arguments: ["10.42.0.0", "10.42.0/16", "10.42.0.256/16", "10.42.0.0/33", "fd00::/129", "fd00:::1/64",
                      "1:2:3:4:5:6:7:8:9/64", "fd00::gg/64", "10.42.0.0/+8", "", "/16", "1::2::3/64"])
    func rejects(_ text: String) {
        #expect(CIDRBlock(text) == nil)
    }

    @Test func description() {
        #expect(CIDRBlock("fd01::/48")?.description == "fd01:0:0:0:0:0:0:0/48")
        #expect(CIDRBlock("10.43.0.0/16")?.description == "10.43.0.0/16")
    }

    @Test func commaSeparatedLists() {
        let items = CIDRBlock.parseList(["10.42.0.0/16, fd00::/56", "bad"])
        #expect(items.map(\.text) == ["10.42.0.0/16", "fd00::/56", "bad"])
        #expect(items.map { $0.block?.family } == [.ipv4, .ipv6, nil])
    }
}
