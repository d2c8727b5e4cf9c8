import Foundation
import K3sMigrateCore

/// What one `HostLockScript` command printed: its marker lines, the host's clock and the lock
/// file's modification time when reported, and the lock's content (everything after the
/// content marker).
struct HostLockReply: Sendable {
    var markers: Set<String> = []
    var hostNow: Int?
    var modifiedAt: Int?
    /// nil when the script did not show the lock; "" when it showed an empty or missing file.
    var content: String?
    var stderr: String

    init(_ result: CommandResult) {
        stderr = result.stderrText.trimmingCharacters(in: .whitespacesAndNewlines)
        var text = Substring(result.stdoutText)
        while !text.isEmpty {
            let end = text.firstIndex(of: "\n") ?? text.endIndex
            let line = text[..<end]
            text = end == text.endIndex ? "" : text[text.index(after: end)...]
            if line == HostLockScript.content {
                content = String(text)
                break
            }
            if line.hasPrefix("now="), let value = Int(line.dropFirst(4)) {
                hostNow = value
            } else if line.hasPrefix("mtime="), let value = Int(line.dropFirst(6)) {
                modifiedAt = value
            } else if line.hasPrefix("k3smigrate-lock:") {
                markers.insert(String(line))
            }
        }
    }

    func has(_ marker: String) -> Bool { markers.contains(marker) }

    /// The lock file is there (its time or some content was shown).
    var lockExists: Bool { modifiedAt != nil || !(content ?? "").isEmpty }

    var owner: LockOwner? { content.flatMap(LockOwner.init(json:)) }

    /// Seconds since the last write of the lock, on the host's clock. Falls back to the heartbeat
    /// written in the lock when `stat` printed nothing.
    var heartbeatAge: Int? {
        guard let hostNow else { return nil }
        if let modifiedAt { return hostNow - modifiedAt }
        guard let owner else { return nil }
        return hostNow - Int(owner.heartbeatAt.timeIntervalSince1970)
    }

    var hostDate: Date { hostNow.map { Date(timeIntervalSince1970: TimeInterval($0)) } ?? Date() }
}
