import Testing
@testable import K3sMigrateRun

@Suite("ip command output")
struct IPCommandOutputTests {
    @Test func oneLineLinks() {
        #expect(IPCommandOutput.interfaces(SampleIPOutput.links)
            == ["lo", "eth0", "eth1", "flannel.1", "cni0", "veth1a2b3c4d", "cilium_host"])
    }

    @Test func multiLineFormAsBusyBoxPrintsIt() {
        let text = """
        1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000
            link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
        2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast qlen 1000
            link/ether 02:42:ac:11:00:02 brd ff:ff:ff:ff:ff:ff
            inet 172.17.0.2/16 brd 172.17.255.255 scope global eth0
               valid_lft forever preferred_lft forever
            inet6 fd00::2/64 scope global
               valid_lft forever preferred_lft forever
        3: wg0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1420 qdisc noqueue qlen 1000
            inet 10.99.0.1 peer 10.99.0.2/32 scope global wg0
        """
        #expect(IPCommandOutput.interfaces(text) == ["lo", "eth0", "wg0"])
        #expect(IPCommandOutput.addresses(text) == ["eth0": ["172.17.0.2", "fd00::2"], "wg0": ["10.99.0.1"]])
    }

    @Test func oneLineAddresses() {
        #expect(IPCommandOutput.addresses(SampleIPOutput.addresses)["eth1"] == ["203.0.113.7", "203.0.113.8"])
    }

    @Test func garbageYieldsNothing() {
        #expect(IPCommandOutput.interfaces("Object \"link\" is unknown, try \"ip help\".\n").isEmpty)
        #expect(IPCommandOutput.addresses("").isEmpty)
    }
}
