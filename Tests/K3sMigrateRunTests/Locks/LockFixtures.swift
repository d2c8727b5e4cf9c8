import Foundation
import Testing
@testable import K3sMigrateRun

/// Owners, temporary directories and lock-file helpers shared by the lock tests.
enum LockFixtures {
    /// 2026-11-28 03:15:00 UTC
    static let start = Date(timeIntervalSince1970: 1_795_835_700)

    static func owner(_ runID: String = "20261128-031500-ab12", user: String = "root", controller: String = "ctl1",
                      pid: Int32 = 4242, cluster: String = "prod-eu", startedAt: Date = start, heartbeatAt: Date? = nil) -> LockOwner {
        LockOwner(user: user, controllerHost: controller, pid: pid, runID: runID, cluster: cluster,
                  startedAt: startedAt, heartbeatAt: heartbeatAt)
    }

    static func temporaryDirectory(_ label: String = "locks") throws -> String {
        let path = NSTemporaryDirectory() + "k3smigrate-\(label)-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func host(_ name: String = "s1") throws -> ShellLockHost {
        ShellLockHost(name: name, root: try temporaryDirectory("host-\(name)"))
    }

    static func text(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    static func owner(in path: String) -> LockOwner? { text(path).flatMap(LockOwner.init(json:)) }

    /// Puts a lock file in place as another controller would have, `age` seconds old by mtime.
    static func plant(_ content: String, at path: String, age: TimeInterval = 0) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        try setAge(age, of: path)
    }

    static func setAge(_ age: TimeInterval, of path: String) throws {
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-age)], ofItemAtPath: path)
    }

    static func modified(_ path: String) throws -> Date {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
    }

    static func files(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }
}
