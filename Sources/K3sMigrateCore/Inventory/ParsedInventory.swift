/// An inventory that parsed, with the warnings found on the way (ignored templates, guessed
/// cluster name, settings managed by Ansible...). Errors are thrown instead.
public struct ParsedInventory: Sendable, Hashable {
    public var inventory: Inventory
    public var warnings: [Diagnostic]

    public init(inventory: Inventory, warnings: [Diagnostic] = []) {
        self.inventory = inventory
        self.warnings = warnings
    }
}
