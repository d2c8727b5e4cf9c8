import Yams

/// Reads an inventory: k3smigrate's own format (`inventory.example.yaml`) or a k3s-ansible YAML
/// inventory, told apart automatically. Every problem is reported at once, each with file, line
/// and host; values of secrets never appear in a message.
public enum InventoryParser {
    /// The inventory alone; warnings are dropped (use `parseWithWarnings` to show them).
    public static func parse(_ text: String, file: String) throws(DiagnosticsError) -> Inventory {
        try parseWithWarnings(text, file: file).inventory
    }

    /// The inventory with its warnings. Throws every error found, warnings included.
    /// `varsFiles`: `group_vars/` and `host_vars/` files beside a k3s-ansible inventory (ignored for
    /// k3smigrate's own format).
    public static func parseWithWarnings(_ text: String, file: String, varsFiles: [AnsibleVarsFile] = []) throws(DiagnosticsError) -> ParsedInventory {
        if let line = InventoryFormat.iniSectionLine(in: text) {
            throw DiagnosticsError([.error("inventory-format", at: SourceLocation(file: file, line: line),
                "this is an INI-style Ansible inventory; k3smigrate reads YAML inventories: convert it with `ansible-inventory -i \(file) --list -y > inventory.yml`")])
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text, .default, .default, .utf8) else {
                throw DiagnosticsError([.error("inventory-empty", at: SourceLocation(file: file), "the inventory is empty")])
            }
            root = node
        } catch let error as DiagnosticsError {
            throw error
        } catch {
            throw DiagnosticsError([InventoryFormat.yamlDiagnostic(error, file: file)])
        }

        var reader = InventoryNodeReader(file: file)
        guard let entries = reader.entries(root, what: "the inventory") else {
            throw DiagnosticsError(reader.diagnostics)
        }
        let inventory: Inventory?
        switch InventoryFormat.detect(entries) {
        case .native:
            inventory = NativeInventoryReader.read(root, file: file, reader: &reader)
        case .ansible:
            inventory = AnsibleInventoryReader.read(root, entries: entries, file: file, varsFiles: varsFiles, reader: &reader)
        case .groupVars(let keys):
            throw DiagnosticsError([.error("inventory-group-vars", at: reader.location(of: root),
                "this is an Ansible group_vars file, not an inventory: it sets \(keys.joined(separator: ", ")) but lists no hosts; pass the inventory file that lists the hosts (e.g. k3s-ansible's inventory.yml)")])
        case .unknown:
            throw DiagnosticsError([.error("inventory-format", at: reader.location(of: root),
                "not an inventory: expected k3smigrate's format (cluster, ssh, servers, agents) or a k3s-ansible inventory (k3s_cluster with server and agent groups)")])
        }
        let diagnostics = InventoryFormat.merged(reader.diagnostics)
        guard let inventory, !diagnostics.hasErrors else {
            throw DiagnosticsError(diagnostics.sortedForReport())
        }
        return ParsedInventory(inventory: inventory, warnings: diagnostics)
    }
}
