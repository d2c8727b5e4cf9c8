import Foundation
@testable import K3sMigrateCore

/// The repository's `playbooks/*.yaml`, parsed as `k3smigrate` reads them.
enum ShippedPlaybooks {
    static let directory = String(#filePath).components(separatedBy: "/Tests/")[0] + "/playbooks"

    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    static func load(_ name: String) throws -> Playbook {
        let path = "\(directory)/\(name).yaml"
        return try PlaybookParser.parse(try String(contentsOfFile: path, encoding: .utf8), file: path)
    }
}
