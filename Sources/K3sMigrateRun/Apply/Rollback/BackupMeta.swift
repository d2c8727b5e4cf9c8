import Foundation

/// The `<backup>.meta` line written by `RemoteCommands.backup`: `MODE UID GID USER GROUP`
/// (`stat -c '%a %u %g %U %G'`, mode in octal).
struct BackupMeta: Sendable, Hashable {
    var mode: UInt32
    var uid: String
    var gid: String
    var user: String
    var group: String

    init(mode: UInt32, uid: String, gid: String, user: String, group: String) {
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.user = user
        self.group = group
    }

    init?(_ text: String) {
        let fields = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard fields.count == 5, let mode = UInt32(fields[0], radix: 8), mode <= 0o7777,
              UInt32(fields[1]) != nil, UInt32(fields[2]) != nil else { return nil }
        self.init(mode: mode, uid: fields[1], gid: fields[2], user: fields[3], group: fields[4])
    }

    /// The owner to give back: the name, or the numeric id when stat knew no name.
    var owner: String { user == "UNKNOWN" ? uid : user }
    var ownerGroup: String { group == "UNKNOWN" ? gid : group }
}
