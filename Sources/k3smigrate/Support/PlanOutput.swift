import K3sMigrateCore
import K3sMigrateRun

/// Prints a plan in the chosen format; shared by `plan` and `show PLANFILE`.
enum PlanOutput {
    static func print(_ plan: Plan, format: PlanFormat, color: ColorChoice, inputWarnings: [Diagnostic] = []) {
        switch format {
        case .text: Swift.print(PlanTextRenderer.render(plan, palette: Console.palette(color)), terminator: "")
        case .json: Swift.print(PlanJSONRenderer.render(plan, inputWarnings: inputWarnings), terminator: "")
        case .dot: Swift.print(PlanDOTRenderer.render(plan), terminator: "")
        case .mermaid: Swift.print(PlanMermaidRenderer.render(plan), terminator: "")
        }
    }
}
