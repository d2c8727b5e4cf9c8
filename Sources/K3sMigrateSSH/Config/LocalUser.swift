import Foundation

/// The login name of the user running k3smigrate (OpenSSH's default remote user).
enum LocalUser {
    static func name(environment: [String: String]) -> String {
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        return environment["USER"] ?? "root"
    }
}
