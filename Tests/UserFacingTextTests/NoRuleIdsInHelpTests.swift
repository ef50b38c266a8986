import ArgumentParser
import Testing
@testable import twowayctl

/// Issue 12, point 5: `twowayctl --help` and every subcommand's help name no internal rule ids.
/// The help is rendered by the argument parser itself, so abstracts, discussions and option help
/// from every source (shared option groups included) are covered.
@Suite("Text people read names no rule ids: twowayctl help (issue 12)")
struct NoRuleIdsInHelpTests {
    /// `twowayctl` and every command under it, depth first, with their command paths.
    static func allCommands() -> [(path: String, command: any ParsableCommand.Type)] {
        var found: [(path: String, command: any ParsableCommand.Type)] = []
        func visit(_ command: any ParsableCommand.Type, path: String) {
            found.append((path, command))
            for sub in command.configuration.subcommands {
                visit(sub, path: path + " " + sub._commandName)
            }
        }
        visit(Twowayctl.self, path: "twowayctl")
        return found
    }

    @Test func noHelpTextNamesARuleId() {
        let commands = Self.allCommands()
        #expect(commands.count > 30, "found only \(commands.count) commands")
        var offences: [String] = []
        for (path, command) in commands {
            let help = Twowayctl.helpMessage(for: command, includeHidden: true, columns: 10_000)
            #expect(help.contains("USAGE:"), "\(path) rendered no help")
            let ids = RuleIDs.find(in: help)
            if !ids.isEmpty { offences.append("\(path): \(ids.joined(separator: ", "))") }
        }
        #expect(offences.isEmpty, "rule ids in twowayctl help:\n\(offences.joined(separator: "\n"))")
    }
}
