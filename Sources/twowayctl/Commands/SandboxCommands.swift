import ArgumentParser
import Control

struct Sandbox: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Play the client with the sandbox carrier: text the practice, read a handset.",
        subcommands: [Text.self, Inbox.self])

    struct Text: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Text the practice from a client's number, as the carrier's webhook would.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption
        @Argument(help: "The client's number.") var from: String
        @Argument(help: "The text.") var body: String
        @Option(help: "The practice number to text (default: the practice's texting number).") var to: String?

        func run() throws {
            try connection.run(SandboxTextCommand(practice: practice.id, from: from, body: body, to: to))
        }
    }

    struct Inbox: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "What a client's simulated handset has received.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The client's number.") var number: String

        func run() throws {
            try connection.run(SandboxInboxCommand(number: number))
        }
    }
}
