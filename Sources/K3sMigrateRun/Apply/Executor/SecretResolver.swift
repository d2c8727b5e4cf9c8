import Foundation
import K3sMigrateCore

/// Fetches a secret at apply time from the environment or a local file. Errors name the source,
/// never the value.
enum SecretResolver {
    static func resolve(_ source: SecretSource, environment: [String: String], for path: String,
                        host: String) throws(StepError) -> [UInt8] {
        let value: [UInt8]?
        switch source {
        case .environment(let name):
            value = environment[name].map { Array($0.utf8) }
        case .localFile(let file):
            value = FileManager.default.contents(atPath: file).map { [UInt8]($0) }
        }
        guard let value, !value.isEmpty else {
            throw StepError("secret", "host \(host): no secret for \(path): \(source) is unset, empty or unreadable")
        }
        return value
    }
}
