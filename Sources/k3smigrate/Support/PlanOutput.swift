import K3sMigrateCore
import K3sMigrateRun

/// Prints a plan in the chosen format; shared by `plan` and `show PLANFILE`.
enum PlanOutput {
    /// Secrets are masked (Redactor) before any renderer sees the plan.
    static func print(_ plan: Plan, format: PlanFormat, color: ColorChoice, inputWarnings: [Diagnostic] = []) {
        let plan = Redactor.redact(plan)
        switch format {
        case .text: Swift.print(PlanTextRenderer.render(plan, palette: Console.palette(color)), terminator: "")
        case .json: Swift.print(PlanJSONRenderer.render(plan, inputWarnings: inputWarnings), terminator: "")
        case .dot: Swift.print(PlanDOTRenderer.render(plan), terminator: "")
        case .mermaid: Swift.print(PlanMermaidRenderer.render(plan), terminator: "")
        }
    }
}
