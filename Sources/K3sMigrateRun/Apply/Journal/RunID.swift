import Foundation

/// Run identifiers: sortable by time, safe as a file name and as a remote path component.
public enum RunID {
    /// `20251128-034012.517-7f3a`: UTC time of the run to the millisecond plus 4 random hex
    /// digits. The milliseconds keep two runs started in the same second in time order, so
    /// "the newest run" is the one that really started last (the random part alone did not).
    public static func make(at date: Date = Date()) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let stamp = String(format: "%04d%02d%02d-%02d%02d%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0,
                           c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
        let millis = Int((date.timeIntervalSince1970 * 1000).rounded(.down)) % 1000
        return stamp + String(format: ".%03d-%04x", millis, UInt16.random(in: 0...UInt16.max))
    }

    /// Letters, digits, `.`, `_`, `-`; not empty, not starting with a dot.
    public static func isValid(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, first != ".", id.count <= 128 else { return false }
        return id.unicodeScalars.allSatisfy { c in
            switch c {
            case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-": return true
            default: return false
            }
        }
    }
}
