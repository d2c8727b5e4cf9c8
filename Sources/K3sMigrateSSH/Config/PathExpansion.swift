import Foundation

/// `~`, `~/x` and the ssh_config tokens k3smigrate understands in file names:
/// `%d` home, `%u` local user, `%h` remote host, `%r` remote user, `%p` port, `%%`.
struct PathExpansion {
    var home: String
    var localUser: String
    var remoteHost: String = ""
    var remoteUser: String = ""
    var port: Int = 22

    static func current(environment: [String: String]) -> PathExpansion {
        PathExpansion(home: environment["HOME"] ?? NSHomeDirectory(), localUser: LocalUser.name(environment: environment))
    }

    func expand(_ path: String) -> String {
        var result = ""
        var iterator = path.makeIterator()
        while let character = iterator.next() {
            guard character == "%" else {
                result.append(character)
                continue
            }
            switch iterator.next() {
            case "d": result += home
            case "u": result += localUser
            case "h": result += remoteHost
            case "r": result += remoteUser
            case "p": result += String(port)
            case "%": result += "%"
            case let other?: result += "%" + String(other)
            case nil: result += "%"
            }
        }
        if result == "~" { return home }
        if result.hasPrefix("~/") { return home + result.dropFirst(1) }
        return result
    }
}
