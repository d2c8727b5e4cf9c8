import K3sMigrateCore

/// Changes a file from the content the plan saw to the planned content. The file is read again
/// first (in dry-run too): if it is not what the plan saw, the step refuses (drift).
struct EditFileStep {
    let change: FileChange

    func run(in context: StepContext) async throws(StepError) -> StepReport {
        let host = try context.remote()
        let current: FileFact?
        do {
            current = try await host.readFile(change.path)
        } catch {
            throw StepError.transport(error, host: context.name, doing: "reading \(change.path)")
        }
        let before = change.beforeBytes
        let after = change.afterBytes
        let content = current?.content ?? []
        if context.resuming, current != nil, content == after, content != before {
            return StepReport(summary: "\(change.writePath) already has the planned content (earlier attempt)")
        }
        if let problem = drift(current, content: content, expected: before) {
            throw StepError("drift", "host \(context.name): \(change.path) \(problem) (drift): refusing to edit it; plan again")
        }
        let mode: UInt32? = current == nil ? 0o600 : nil
        return try await context.change("write \(change.writePath) (\(after.count) bytes, owner and mode kept)") { () throws(StepError) in
            do {
                try await host.writeFile(change.writePath, content: after, mode: mode, owner: nil, group: nil)
            } catch {
                throw StepError.transport(error, host: context.name, doing: "writing \(change.writePath)")
            }
            return StepReport(summary: "wrote \(change.writePath) (\(after.count) bytes)")
        }
    }

    /// After the session dropped during this step: the file on the host says whether the write
    /// landed (it holds the planned content: done); if it still holds what the plan saw, the
    /// step runs again; anything else is drift.
    func reconcile(in context: StepContext) async throws(StepError) -> StepReport {
        let current: FileFact?
        do {
            current = try await context.remote().readFile(change.path)
        } catch {
            throw StepError.transport(error, host: context.name, doing: "reading \(change.path)")
        }
        if let current, current.content == change.afterBytes, drift(current, content: current.content, expected: current.content) == nil {
            return StepReport(summary: "\(change.writePath) holds the planned content: the write landed")
        }
        return try await run(in: context)
    }

    /// Why the file is not what the plan saw, or nil when it is.
    private func drift(_ current: FileFact?, content: [UInt8], expected: [UInt8]) -> String? {
        guard let current else {
            return expected.isEmpty ? nil : "is missing but the plan expected it"
        }
        if change.writePath != change.path, current.symlinkTarget != change.writePath {
            return "no longer links to \(change.writePath)"
        }
        if change.writePath == change.path, let target = current.symlinkTarget, target != change.path {
            return "became a link to \(target)"
        }
        guard content != expected else { return nil }
        return "changed since the plan (first difference at line \(firstDifferentLine(content, expected)))"
    }

    private func firstDifferentLine(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var line = 1
        for (x, y) in zip(a, b) {
            guard x == y else { return line }
            if x == UInt8(ascii: "\n") { line += 1 }
        }
        return line
    }
}
