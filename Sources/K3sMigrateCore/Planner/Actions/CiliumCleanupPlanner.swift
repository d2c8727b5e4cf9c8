/// Plans the page's Cilium cleanup on one host: save full firewall dumps, delete every
/// `cilium_*` link, then remove Cilium's chains and rules (and nothing else) per backend.
public enum CiliumCleanupPlanner {
    static let linkPrefix = "cilium_"
    /// Backends whose dumps are saved and cleaned when the facts show them (the legacy ones only
    /// when they hold rules).
    static let tools = ["iptables", "ip6tables", "iptables-legacy", "ip6tables-legacy"]

    /// The host's cleanup steps in order, each depending on the one before; empty when the host
    /// has no Cilium leftovers. Kept rules that mention cilium become warnings.
    static func plan(_ analysis: HostAnalysis, after dependency: String) -> (steps: [Step], warnings: [Diagnostic]) {
        let facts = analysis.facts
        let links = (facts.interfaces ?? []).filter { $0.hasPrefix(linkPrefix) }
        var removals: [CiliumRuleRemoval] = []
        var warnings: [Diagnostic] = []
        var snapshotTools: [String] = []
        if facts.firewallDumps.isEmpty {
            // No dumps in the facts (offline): the executor decides from the dumps it reads.
            snapshotTools = ["iptables", "ip6tables"]
            removals = snapshotTools.map { CiliumRuleRemoval(tool: $0, expected: []) }
            warnings.append(.warning("firewall-unknown", host: analysis.name,
                                     "no firewall dumps in the facts: Cilium's rules are found at apply time"))
        } else {
            for tool in tools {
                guard let dump = facts.firewallDumps[tool] else { continue }
                let result = CiliumRuleFilter.filter(dump)
                if !tool.hasSuffix("-legacy") || hasRules(dump) { snapshotTools.append(tool) }
                for line in result.keptMentioningCilium {
                    warnings.append(.warning("cilium-rule-kept", host: analysis.name,
                                             "\(tool) \(line): kept, it is not Cilium's although it mentions cilium (`grep -iv cilium` would delete it)"))
                }
                if result.changes { removals.append(CiliumRuleRemoval(tool: tool, expected: result.removed)) }
            }
        }
        let hasRuleWork = !removals.isEmpty
        // A clean host stays quiet (cron): kept rules are only worth a word when rules go.
        guard !links.isEmpty || hasRuleWork else { return ([], []) }

        var steps: [Step] = []
        var previous = dependency
        func add(_ step: Step) {
            steps.append(step)
            previous = step.id
        }
        let placeholder = RemoteCommands.runPlaceholder
        add(Step(id: "\(analysis.name)/snapshot:firewall", host: analysis.name, role: analysis.role, kind: .snapshot,
                 title: "save full \(snapshotTools.joined(separator: ", ")) dumps to \(FirewallPaths.directory(run: placeholder)) (mode 0600)",
                 changes: false, action: .run(FirewallPaths.snapshotCommand(tools: snapshotTools, run: placeholder)),
                 dependsOn: [previous]))
        for link in links {
            add(Step(id: linkStepID(host: analysis.name, link: link), host: analysis.name, role: analysis.role, kind: .command,
                     title: "delete Cilium's link \(link) (fine if it is gone already)", changes: true,
                     action: .run(deleteLink(link)), dependsOn: [previous],
                     undo: .impossible(reason: "\(link) belongs to the Cilium agent, which is gone: it can't be recreated meaningfully")))
        }
        for removal in removals {
            let count = removal.expected.isEmpty ? "" : "\(removal.expected.count) "
            add(Step(id: "\(analysis.name)/cilium-rules:\(removal.tool)", host: analysis.name, role: analysis.role, kind: .command,
                     title: "remove Cilium's \(count)\(removal.tool) chains and rules (dump re-read at apply time; other rules kept)",
                     changes: true, action: .removeCiliumRules(removal), dependsOn: [previous],
                     undo: .command(removal.undoCommand)))
        }
        return (steps, warnings)
    }

    static func linkStepID(host: String, link: String) -> String { "\(host)/delete-link:\(link)" }

    /// The link a step of this planner deletes, or nil for any other step.
    public static func deletedLink(by step: Step) -> String? {
        guard let host = step.host, case .run = step.action else { return nil }
        let prefix = linkStepID(host: host, link: "")
        guard step.id.hasPrefix(prefix), step.id.count > prefix.count else { return nil }
        return String(step.id.dropFirst(prefix.count))
    }

    /// Deletes the link, or succeeds when it is already gone.
    static func deleteLink(_ name: String) -> ShellCommand {
        ShellCommand("ip", "link", "delete", "dev", name)
            .or(ShellCommand("ip", "link", "show", "dev", name).redirect(to: "/dev/null").silencingErrors
                .then(.literal("test $? -ne 0")).grouped)
    }

    /// Whether a dump declares a user chain or holds a rule (empty legacy tables print only headers).
    static func hasRules(_ dump: String) -> Bool {
        dump.split(separator: "\n").contains { $0.hasPrefix("-A ") || ($0.hasPrefix(":") && !$0.contains(" ACCEPT ") && !$0.contains(" DROP ")) }
    }
}
