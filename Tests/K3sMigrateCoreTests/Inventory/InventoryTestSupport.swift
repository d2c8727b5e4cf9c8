import Foundation
import Testing
@testable import K3sMigrateCore

/// Helpers shared by the inventory tests.
enum InventoryTestSupport {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/Inventory")

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func realworld(_ name: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent("realworld/\(name)"), encoding: .utf8)
    }

    /// The diagnostics a parse throws; records an issue when it does not throw.
    static func errors(_ text: String, file: String = "inv.yaml", varsFiles: [AnsibleVarsFile] = [],
                       sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [Diagnostic] {
        do {
            let parsed = try InventoryParser.parseWithWarnings(text, file: file, varsFiles: varsFiles)
            Issue.record("expected the inventory to be rejected, got \(parsed.inventory.hosts.map(\.name))",
                         sourceLocation: sourceLocation)
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// The one error whose message contains `fragment`; records an issue when there is none.
    static func error(containing fragment: String, in diagnostics: [Diagnostic],
                      sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Diagnostic? {
        let matches = diagnostics.filter { $0.severity == .error && $0.message.contains(fragment) }
        if matches.count != 1 {
            Issue.record("expected one error containing \"\(fragment)\", got: \(diagnostics.map(\.description))",
                         sourceLocation: sourceLocation)
        }
        return matches.first
    }
}
