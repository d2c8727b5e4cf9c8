import Foundation
import K3sMigrateCore

extension SavedPlan {
    /// One `plan-drift` error per fact that differs from when the plan was made, naming the host
    /// and the file (as the location) or the fact; none when the fleet is as it was.
    public func drift(against facts: FleetFacts) -> [Diagnostic] {
        let when = "since the plan was made (plan \(LockTime.minute(createdAt)))"
        var found: [Diagnostic] = []
        for host in factHosts {
            let then = factDigests[host] ?? [:]
            guard let current = facts[host] else {
                found.append(.error("plan-drift", host: host, "no facts for this host now, and the plan depends on them; gather them, or make a new plan"))
                continue
            }
            let now = FactDigests.of(current)
            for key in Set(then.keys).union(now.keys).sorted() where then[key] != now[key] {
                let verb = then[key] == nil ? "appeared" : now[key] == nil ? "is gone" : "changed"
                if FactDigests.isFile(key) {
                    found.append(.error("plan-drift", host: host, at: SourceLocation(file: key), "\(verb) \(when)"))
                } else {
                    found.append(.error("plan-drift", host: host, "\(FactDigests.label(key)) \(verb) \(when)\(value(of: key, in: current))"))
                }
            }
        }
        return found.sortedForReport()
    }

    /// A `plan-drift` error when the inventory text is not the one the plan was made from.
    public func inventoryDrift(inventoryText: String) -> [Diagnostic] {
        guard SHA256.hex(inventoryText) != inventorySHA256 else { return [] }
        return [.error("plan-drift", at: SourceLocation(file: inventoryPath),
                       "the inventory changed since the plan was made (plan \(LockTime.minute(createdAt))); make a new plan")]
    }

    /// The new value, for facts short and harmless enough to show.
    private func value(of key: String, in facts: HostFacts) -> String {
        if key == FactDigests.k3sVersion, let version = facts.k3sVersion { return " (now \(version))" }
        if key.hasPrefix(FactDigests.sysctlPrefix), let value = facts.sysctls[String(key.dropFirst(FactDigests.sysctlPrefix.count))] {
            return " (now \(value))"
        }
        return ""
    }
}
