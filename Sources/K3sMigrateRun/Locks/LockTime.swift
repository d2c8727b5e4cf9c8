import Foundation

/// Times in lock messages: UTC (run ids are UTC too), the date only when it is not today.
enum LockTime {
    static func describe(_ date: Date, now: Date) -> String {
        let time = components(date)
        let clock = String(format: "%02d:%02d:%02d", time.hour ?? 0, time.minute ?? 0, time.second ?? 0)
        let today = components(now)
        if (time.year, time.month, time.day) == (today.year, today.month, today.day) { return clock + " UTC" }
        return String(format: "%04d-%02d-%02d ", time.year ?? 0, time.month ?? 0, time.day ?? 0) + clock + " UTC"
    }

    /// `2026-11-28 03:10 UTC`
    static func minute(_ date: Date) -> String {
        let c = components(date)
        return String(format: "%04d-%02d-%02d %02d:%02d UTC", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    /// `2 s`, `14 min`, `3 h`: how long ago, for heartbeats.
    static func age(_ seconds: Int) -> String {
        if seconds < 120 { return "\(max(0, seconds)) s" }
        if seconds < 7200 { return "\(seconds / 60) min" }
        return "\(seconds / 3600) h"
    }

    private static func components(_ date: Date) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    }
}
