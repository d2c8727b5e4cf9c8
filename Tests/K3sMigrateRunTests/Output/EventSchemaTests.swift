import Foundation
import Testing
@testable import K3sMigrateRun

@Suite("docs/apply-events.schema.json documents the event stream")
struct EventSchemaTests {
    static func schema() throws -> [String: Any] {
        let data = try #require(FileManager.default.contents(atPath: BinaryRunner.repoRoot + "/docs/apply-events.schema.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("every event type, step result and run outcome the code writes is in the schema")
    func everyNameDocumented() throws {
        let schema = try Self.schema()
        let types = try #require(((schema["properties"] as? [String: Any])?["type"] as? [String: Any])?["enum"] as? [String])
        let written = JournalEntry.Kind.allCases.map(\.rawValue) + ["journal-unavailable"]
        #expect(Set(types) == Set(written))
        let text = String(decoding: try #require(FileManager.default.contents(atPath: BinaryRunner.repoRoot + "/docs/apply-events.schema.json")), as: UTF8.self)
        for status in StepResult.Status.allCases { #expect(text.contains("\"\(status.rawValue)\""), "result \(status.rawValue)") }
        let outcomes: [ExecutionOutcome] = [.nothingToDo, .succeeded, .interrupted, .succeededExcept(tolerated: [], rollbackRemaining: []),
                                            .failedBeforeChanges([])]
        for outcome in outcomes { #expect(text.contains("\"\(outcome.name)\""), "outcome \(outcome.name)") }
        for name in ["rolled-back", "rollback-incomplete", "failed-no-rollback"] { #expect(text.contains("\"\(name)\"")) }
    }
}
