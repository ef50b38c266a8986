import ArgumentParser
import Control

struct PracticeGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "practice", abstract: "Add, list, show and change practices.",
        subcommands: [Add.self, List.self, Show.self, Set.self, Remove.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a practice (app chat and texting off, no number).")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The practice's name.") var name: String
        @Option(help: "US or CA.") var country: String
        @Option(help: "IANA time zone, e.g. America/Chicago.") var timeZone: String
        @Option(help: "The voice number calls are forwarded to.") var practicePhone: String
        @Option(help: "The number named in after-hours replies.") var emergencyPhone: String

        func run() throws {
            try connection.run(PracticeAddCommand(
                name: name, country: country, timeZone: timeZone, practicePhone: practicePhone, emergencyPhone: emergencyPhone))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every practice.")
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            try connection.run(PracticeListCommand())
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a practice that was never used, such as a demo practice made by mistake.",
            discussion: """
                A practice with any conversation, message, client, staff account, queued text or charge \
                is kept: turn its texting off instead. Prints the practices left.
                """)
        @OptionGroup var connection: ConnectionOptions
        @Option(help: ArgumentHelp("The practice to remove (always given: never a default).", valueName: "id"))
        var practice: Int64

        func run() throws {
            try connection.run(PracticeRemoveCommand(practice: practice))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a practice's settings.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption

        func run() throws {
            try connection.run(PracticeShowCommand(practice: practice.id))
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a practice's settings; others stay as they are.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption
        @Option var name: String?
        @Option(help: "US or CA.") var country: String?
        @Option(help: "IANA time zone; the conversation hours keep their wall-clock times.") var timeZone: String?
        @Option var practicePhone: String?
        @Option var emergencyPhone: String?

        func validate() throws {
            if [name, country, timeZone, practicePhone, emergencyPhone].allSatisfy({ $0 == nil }) {
                throw ValidationError("Give at least one setting to change.")
            }
        }

        func run() throws {
            try connection.run(PracticeSetCommand(
                practice: practice.id, name: name, country: country, timeZone: timeZone, practicePhone: practicePhone,
                emergencyPhone: emergencyPhone))
        }
    }
}

struct AppChat: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "app-chat", abstract: "Turn app chat on or off (needed before requesting a number).",
        subcommands: [Enable.self, Disable.self])

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Turn app chat on.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption
        func run() throws { try connection.run(AppChatEnableCommand(practice: practice.id)) }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Turn app chat off (conversations then go by text).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption
        func run() throws { try connection.run(AppChatDisableCommand(practice: practice.id)) }
    }
}

struct Texting: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Turn 2-way texting on or off (on needs an assigned or ported number).",
        subcommands: [Enable.self, Disable.self])

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Turn 2-way texting on.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption
        func run() throws { try connection.run(TextingEnableCommand(practice: practice.id)) }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Turn 2-way texting off (texts are then stored unrouted).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption
        func run() throws { try connection.run(TextingDisableCommand(practice: practice.id)) }
    }
}

struct NumberGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "number", abstract: "Request a toll-free number, or port the practice's own.",
        subcommands: [Request.self, Port.self, PortComplete.self])

    struct Request: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Assign a dedicated toll-free texting number (only while app chat is on).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption
        func run() throws { try connection.run(NumberRequestCommand(practice: practice.id)) }
    }

    struct Port: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Text from the practice's own number: checks the carrier and records the $299.00 setup fee.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption
        @Option(help: "The practice's own number.") var number: String
        @Option(help: "Its current carrier, e.g. Verizon.") var carrier: String

        func run() throws {
            try connection.run(NumberPortCommand(practice: practice.id, number: number, carrier: carrier))
        }
    }

    struct PortComplete: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "port-complete", abstract: "Mark the requested port done (state ported).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption
        func run() throws { try connection.run(NumberPortCompleteCommand(practice: practice.id)) }
    }
}
