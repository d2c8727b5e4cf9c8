import Foundation
import K3sMigrateCore
@testable import K3sMigrateRun

/// Temp directories and sample hosts for the facts tests.
enum FactsTestSupport {
    /// A fresh directory under the system temp dir; the caller removes it.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "k3smigrate-facts-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    static func host(_ name: String, role: Role = .server, externalIP: ExternalIPSource? = nil) -> K3sMigrateCore.Host {
        K3sMigrateCore.Host(name: name, address: "10.0.0.1", role: role, externalIP: externalIP,
                            location: SourceLocation(file: "inv.yaml", line: 1))
    }

    static func inventory(_ hosts: [K3sMigrateCore.Host]) -> Inventory {
        Inventory(cluster: "test", servers: hosts.filter { $0.role == .server }, agents: hosts.filter { $0.role == .agent },
                  file: "inv.yaml")
    }

    /// Every regular file under `root`, as paths relative to it.
    static func allFiles(under root: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root)
        var files: [String] = []
        while let next = enumerator?.nextObject() as? String {
            var directory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + next, isDirectory: &directory), !directory.boolValue {
                files.append(next)
            }
        }
        return files.sorted()
    }
}

/// Builds fact-script output from readable parts, encoding payloads as the script does.
enum FramedOutput {
    enum Frame {
        case section(String, String)
        case file(path: String, stat: String, link: String?, content: String)
        case unreadable(String)
        case raw(String)
    }

    static func bytes(_ frames: [Frame], finished: Bool = true) -> [UInt8] {
        var lines = [FactsScript.marker]
        for frame in frames {
            switch frame {
            case .section(let name, let payload):
                lines += ["@@section \(name)"] + wrapped(payload)
            case .file(let path, let stat, let link, let content):
                lines.append("@@file \(oneLine(path)) \(stat) \(link.map(oneLine) ?? "-")")
                lines += wrapped(content)
            case .unreadable(let path):
                lines.append("@@unreadable \(oneLine(path))")
            case .raw(let line):
                lines.append(line)
            }
        }
        if finished { lines.append("@@done") }
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    private static func oneLine(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    /// Like `base64`: 76 characters a line.
    private static func wrapped(_ text: String) -> [String] {
        let encoded = Data(text.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
        return encoded.split(whereSeparator: \.isNewline).map(String.init)
    }
}

/// Realistic `ip` output (iproute2 5.x, `-o`).
enum SampleIPOutput {
    static let links = #"""
    1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP mode DEFAULT group default qlen 1000\    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff
    3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP mode DEFAULT group default qlen 1000\    link/ether 52:54:00:12:34:57 brd ff:ff:ff:ff:ff:ff
    4: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default \    link/ether 6a:1b:2c:3d:4e:5f brd ff:ff:ff:ff:ff:ff
    5: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP mode DEFAULT group default qlen 1000\    link/ether 7a:1b:2c:3d:4e:5f brd ff:ff:ff:ff:ff:ff
    6: veth1a2b3c4d@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master cni0 state UP mode DEFAULT group default \    link/ether 8a:1b:2c:3d:4e:5f brd ff:ff:ff:ff:ff:ff link-netns cni-1234
    7: cilium_host@cilium_net: <BROADCAST,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\    link/ether 9a:1b:2c:3d:4e:5f brd ff:ff:ff:ff:ff:ff
    """#

    static let addresses = #"""
    2: eth0    inet 10.0.0.11/24 brd 10.0.0.255 scope global eth0\       valid_lft forever preferred_lft forever
    2: eth0    inet6 2001:db8::11/64 scope global \       valid_lft forever preferred_lft forever
    3: eth1    inet 203.0.113.7/28 brd 203.0.113.15 scope global eth1\       valid_lft forever preferred_lft forever
    3: eth1    inet 203.0.113.8/28 brd 203.0.113.15 scope global secondary eth1\       valid_lft forever preferred_lft forever
    4: flannel.1    inet 10.42.0.0/32 scope global flannel.1\       valid_lft forever preferred_lft forever
    """#
}
