import Foundation
import ArgumentParser
import K3sMigrateCore
import K3sMigrateRun

struct PlaybooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "playbooks",
        abstract: "List the built-in playbooks, one line each.",
        discussion: "Use a name with `plan -p NAME`, or give `-p path/to/own.yaml` for a playbook of your own.")

    func run() throws {
        let files = PlaybookLocator.builtIns()
        guard !files.isEmpty else {
            throw ValidationError("no built-in playbooks found (set K3SMIGRATE_PLAYBOOKS to the playbooks/ directory)")
        }
        for file in files {
            do {
                let playbook = try PlaybookParser.parse(try TextFile.read(file), file: file)
                print("\(playbook.name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(playbook.summary)")
            } catch {
                print("\(file): \(error.description)")
            }
        }
    }
}
