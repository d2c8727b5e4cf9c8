/// Plans a secret file (mode 0600) whose content comes, at apply time, from an environment
/// variable or a local file of the controller. The plan holds only the template and the source's
/// name. A host whose settings already point at the file (e.g. `vpn-auth-file: PATH`) is left alone.
enum SecretFilePlanner {
    static func plan(path: String, source: SecretSource, template: String, _ analysis: HostAnalysis,
                     playbook: Playbook, after dependency: String) -> [Step] {
        let referencing = playbook.settings.filter { spec in
            if case .scalar(let value) = spec.value { return value == path && HostAnalyzer.applies(spec, to: analysis.role) }
            return false
        }
        if !referencing.isEmpty, referencing.allSatisfy({ analysis.settings.effective($0.key)?.value == path }) { return [] }
        let content = SecretTemplate.resolveVariables(template, vars: analysis.host.vars)
        return [Step(id: "\(analysis.name)/write:\(StepIDs.baseName(path))", host: analysis.name, role: analysis.role, kind: .writeFile,
                     title: "write \(path) (mode 0600) from \(source)", changes: true,
                     action: .write(FileWrite(path: path, mode: 0o600, content: content, secretSource: source, existed: false)),
                     dependsOn: [dependency], undo: .command(ShellCommand("rm", "-f", "--", path)))]
    }
}
