import Foundation
import Testing
@testable import K3sMigrateCore
@testable import K3sMigrateRun

@Suite("No secret in a plan's titles, diffs or renderings")
struct PlanOutputSecretsTests {
    let fleet = SecretFleet.fleet()

    /// Every form the plan is shown in, as `plan` prints it.
    func renderings(_ plan: Plan) -> [String] {
        let shown = Redactor.redact(plan)
        return [PlanTextRenderer.render(shown, palette: Palette(enabled: false)), PlanJSONRenderer.render(shown), PlanDOTRenderer.render(shown)]
    }

    @Test("a plan editing files that hold token, agent token, -t and joinKey shows none of them")
    func editedFilesWithSecrets() throws {
        let plan = try fleet.plan()
        for text in renderings(plan) { #expect(SecretFleet.leaks(in: text).isEmpty, "\(SecretFleet.leaks(in: text))") }
        for step in plan.steps { #expect(SecretFleet.leaks(in: step.title).isEmpty) }
    }

    @Test("a playbook that sets a secret key: the title names the key, never the value")
    func secretSettingTitle() throws {
        var playbook = ApplyFleet.playbook()
        playbook.settings.append(SettingSpec(key: "token", value: .scalar("K10fromplaybook-secret"), location: SourceLocation(file: "pb.yaml", line: 9)))
        let plan = try Planner.plan(inventory: fleet.inventory, playbook: playbook, facts: fleet.facts)
        let titles = plan.steps.map(\.title).joined(separator: "\n")
        #expect(titles.contains("token="))
        #expect(!titles.contains("K10fromplaybook-secret"), "\(titles)")
        for text in renderings(plan) { #expect(!text.contains("K10fromplaybook-secret")) }
    }

    @Test("--set on a secret key is refused: it would sit in shell history and in the saved plan")
    func setSecretRefused() throws {
        var playbook = ApplyFleet.playbook()
        playbook.settings.append(SettingSpec(key: "agent-token", value: .scalar("x"), location: SourceLocation(file: "pb.yaml", line: 9)))
        let failure = #expect(throws: DiagnosticsError.self) {
            _ = try playbook.overriding([SettingOverride(key: "agent-token", value: "K10leaked")])
        }
        #expect(failure?.diagnostics.first?.message.hasPrefix("--set agent-token: agent-token is a secret") == true)
        #expect(failure?.description.contains("K10leaked") == false)
    }
}
