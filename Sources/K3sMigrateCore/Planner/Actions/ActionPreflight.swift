/// Read-only checks the playbook's host actions need before anything changes.
enum ActionPreflight {
    static func checks(for analysis: HostAnalysis, playbook: Playbook) -> [PreflightCheck] {
        var checks: [PreflightCheck] = []
        if playbook.actions.contains(.ciliumCleanup) {
            checks.append(PreflightCheck(name: "run-dir-writable", command: ShellCommand("mkdir", "-p", "-m", "0700", "--", BackupPaths.root),
                                         failure: "cannot create \(BackupPaths.root) for the firewall dumps"))
            checks.append(PreflightCheck(name: "iptables-restore", command: ShellCommand("command", "-v", "iptables-restore"),
                                         failure: "iptables-restore is missing, so Cilium's rules can't be removed safely"))
        }
        for case .sysctl(let key, _, _) in playbook.actions {
            checks.append(PreflightCheck(name: "sysctl-\(key)", command: ShellCommand("test", "-w", SysctlPlanner.procPath(key)),
                                         failure: "\(key) does not exist here (no /proc/sys entry)"))
        }
                for action in playbook.actions where action == .uninstall || action == .killall {
            guard LifecyclePlanner.installed(analysis) else { continue }
            let job: LifecyclePlanner.Job = action == .uninstall ? .uninstall : .killall
            let script = LifecyclePlanner.script(job, service: analysis.service)
            checks.append(PreflightCheck(name: "\(StepIDs.baseName(script))-present", command: ShellCommand("test", "-x", script),
                                         failure: "\(script) is missing or not executable"))
        }
        return checks
    }
}
