import Foundation
import K3sMigrateCore

/// A run's journal: JSON lines in `<stateDir>/runs/<runID>/journal.jsonl`, one per event, written
/// as the run goes (before and after every step), with the plan saved beside it. Nothing is
/// created until the first line, so a run with nothing to do leaves no trace.
///
/// `@unchecked Sendable`: steps finish on many tasks; every access to the file handle and the
/// failure flag happens under `lock`.
public final class Journal: @unchecked Sendable {
    public let runID: String
    public let stateDir: String
    /// What the run's plan was made from (inputs, fact and step digests); nil: the plan alone.
    let record: SavedPlan?
    private let lock = NSLock()
    private var handle: FileHandle?
    private var failed = false

    public init(runID: String, stateDir: String, record: SavedPlan? = nil) {
        self.runID = runID
        self.stateDir = stateDir
        self.record = record
    }

    deinit { try? handle?.close() }

    public var directory: String { StateDirectory.runDirectory(runID, in: stateDir) }
    public var path: String { directory + "/journal.jsonl" }
    /// The plan as `plan --format json` shows it, secrets redacted.
    public var planJSONPath: String { directory + "/plan.json" }
    /// The plan's record (`SavedPlan`: inputs, digests, steps without contents), read back by
    /// rollback and resume (mode 0600). It holds no file contents and no secrets.
    public var planRecordPath: String { directory + "/plan-record.json" }

    /// Creates the run directory (0700) and saves the plan in both forms.
    public func savePlan(_ plan: Plan) throws(DiagnosticsError) {
        try Journal.createDirectories(stateDir: stateDir, runID: runID)
        do {
            try Journal.writePrivate(Data(Redactor.redact(PlanJSONRenderer.render(Redactor.redact(plan))).utf8), to: planJSONPath)
            try Journal.writePrivate(try SavedPlan.encoder().encode(record ?? SavedPlan.record(of: plan)), to: planRecordPath)
        } catch {
            throw Journal.failure(planRecordPath, "cannot save the plan: \(error)")
        }
    }

    /// Appends one line; `durable` also flushes it to disk.
    public func append(_ line: JSONValue, durable: Bool = false) throws(DiagnosticsError) {
        lock.lock()
        defer { lock.unlock() }
        try appendLocked(Data((line.rendered() + "\n").utf8), durable: durable)
    }

    /// Journals an event; returns a message the first time writing fails (later failures are silent).
    func record(_ event: ExecutionEvent, at time: Date = Date()) -> String? {
        if case .journalUnavailable = event { return nil }
        let line = EventDocument.document(event, runID: runID, time: time)
        lock.lock()
        defer { lock.unlock() }
        do {
            try appendLocked(Data((line.rendered() + "\n").utf8), durable: Journal.isDurable(event))
            return nil
        } catch {
            guard !failed else { return nil }
            failed = true
            return error.description
        }
    }

    private func appendLocked(_ data: Data, durable: Bool) throws(DiagnosticsError) {
        do {
            if handle == nil {
                try Journal.createDirectories(stateDir: stateDir, runID: runID)
                if !FileManager.default.fileExists(atPath: path) {
                    guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                        throw Journal.failure(path, "cannot create the journal")
                    }
                }
                guard let opened = FileHandle(forWritingAtPath: path) else { throw Journal.failure(path, "cannot open the journal") }
                handle = opened
            }
            guard let handle else { return }
            try handle.seekToEnd()
            try handle.write(contentsOf: data)
            if durable { try handle.synchronize() }
        } catch let error as DiagnosticsError {
            throw error
        } catch {
            throw Journal.failure(path, "cannot write the journal: \(error)")
        }
    }

    private static func isDurable(_ event: ExecutionEvent) -> Bool {
        switch event {
        case .stepFinished(let step, _): return step.changes
        case .stepStarted(let step): return step.changes
        case .runStarted, .runFinished, .undoFinished, .rollbackFinished, .agentFailureTolerated: return true
        default: return false
        }
    }

    // MARK: reading back

    /// Every line of a run's journal, in order; lines that are not JSON objects are skipped.
    public static func read(runID: String, stateDir: String) throws(DiagnosticsError) -> [JournalEntry] {
        guard RunID.isValid(runID) else {
            throw DiagnosticsError([.error("run-id", "'\(runID)' is not a run id (letters, digits, '.', '_', '-')")])
        }
        let path = StateDirectory.runDirectory(runID, in: stateDir) + "/journal.jsonl"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw failure(path, "no journal for run \(runID)")
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { JournalEntry(line: String($0)) }
    }

    /// The record of the plan a run executed, from `plan-record.json`: its `plan` (steps without
    /// contents) serves rollback; resume re-derives the full steps from it.
    public static func savedPlan(runID: String, stateDir: String) throws(DiagnosticsError) -> SavedPlan {
        guard RunID.isValid(runID) else {
            throw DiagnosticsError([.error("run-id", "'\(runID)' is not a run id (letters, digits, '.', '_', '-')")])
        }
        let path = StateDirectory.runDirectory(runID, in: stateDir) + "/plan-record.json"
        guard let data = FileManager.default.contents(atPath: path) else { throw failure(path, "no saved plan for run \(runID)") }
        do {
            return try SavedPlan.decoder().decode(SavedPlan.self, from: data)
        } catch {
            throw failure(path, "the saved plan cannot be read: \(error)")
        }
    }

    /// Every run in the state directory, oldest first.
    public static func list(stateDir: String) -> [RunSummary] {
        let runs = StateDirectory.runDirectory("", in: stateDir)
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: runs)) ?? []
        let summaries = ids.filter(RunID.isValid).compactMap { id -> RunSummary? in
            guard let data = FileManager.default.contents(atPath: runs + id + "/journal.jsonl") else { return nil }
            let runLines = String(decoding: data, as: UTF8.self).split(separator: "\n")
                .filter { $0.contains("\"run-started\"") || $0.contains("\"run-finished\"") || $0.contains("\"rollback-finished\"") }
                .compactMap { JournalEntry(line: String($0)) }
            return RunSummary(runID: id, entries: runLines)
        }
        return summaries.sorted {
            ($0.startedAt ?? .distantPast, $0.runID) < ($1.startedAt ?? .distantPast, $1.runID)
        }
    }

    // MARK: files

    private static func createDirectories(stateDir: String, runID: String) throws(DiagnosticsError) {
        guard RunID.isValid(runID) else {
            throw DiagnosticsError([.error("run-id", "'\(runID)' is not a run id (letters, digits, '.', '_', '-')")])
        }
        let runDirectory = StateDirectory.runDirectory(runID, in: stateDir)
        let runs = String(runDirectory.dropLast(runID.count + 1))
        for directory in [stateDir, runs, runDirectory] {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue { continue }
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: directory == stateDir,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw failure(directory, "cannot create the directory: \(error)")
            }
        }
    }

    private static func writePrivate(_ data: Data, to path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: data)
    }

    private static func failure(_ path: String, _ message: String) -> DiagnosticsError {
        DiagnosticsError([.error("journal", at: SourceLocation(file: path), message)])
    }
}
