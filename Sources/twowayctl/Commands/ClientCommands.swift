import ArgumentParser
import Control

/// `--phone N` or `--conversation ID`: which client a profile command is about.
struct ClientSelector: ParsableArguments {
    @Option(help: "The client's number.") var phone: String?
    @Option(help: "The conversation whose client is meant.") var conversation: Int64?

    func validate() throws {
        guard (phone == nil) != (conversation == nil) else {
            throw ValidationError("Give exactly one of --phone or --conversation.")
        }
    }
}

struct Profile: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show or edit a client's profile.", subcommands: [Show.self, Edit.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the profile a number is known by.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption
        @OptionGroup var client: ClientSelector

        func run() throws {
            try connection.run(ProfileShowCommand(practice: practice.id, phone: client.phone, conversation: client.conversation))
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a profile for later conversations; stored messages keep their name.",
            discussion: "An empty value clears a field.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption
        @OptionGroup var staff: StaffOption
        @OptionGroup var client: ClientSelector
        @Option var first: String?
        @Option var last: String?
        @Option var email: String?

        func validate() throws {
            if first == nil && last == nil && email == nil {
                throw ValidationError("Give at least one of --first, --last or --email.")
            }
        }

        func run() throws {
            try connection.run(ProfileEditCommand(
                practice: practice.id, staff: staff.name, phone: client.phone, conversation: client.conversation,
                firstName: first, lastName: last, email: email))
        }
    }
}

struct Subscription: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show or set a number's subscriptions, with their history.", subcommands: [Show.self, Set.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show 2-way texting and reminder subscriptions and every change.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption
        @Option(help: "The client's number.") var phone: String

        func run() throws {
            try connection.run(SubscriptionShowCommand(practice: practice.id, phone: phone))
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Opt a number in or out; the change is recorded with your name.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption
        @OptionGroup var staff: StaffOption
        @Option(help: "The client's number.") var phone: String
        @Option(help: "2-way texting: on or off.") var twoWay: Switch?
        @Option(help: "Reminders and confirmations: on or off.") var reminders: Switch?

        func validate() throws {
            if twoWay == nil && reminders == nil { throw ValidationError("Give --two-way and/or --reminders.") }
        }

        func run() throws {
            try connection.run(SubscriptionSetCommand(
                practice: practice.id, staff: staff.name, phone: phone, twoWay: twoWay?.isOn, reminders: reminders?.isOn))
        }
    }
}

struct Reminder: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send reminders and appointment confirmations.", subcommands: [Send.self])

    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Text a reminder from the practice's number; a reply within 48 hours shows it.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption
        @OptionGroup var staff: StaffOption
        @Option(help: "The client's number.") var to: String
        @Option(help: "The reminder text.") var message: String
        @Flag(help: "Send despite content-policy warnings.") var confirm = false

        func run() throws {
            try connection.run(ReminderSendCommand(
                practice: practice.id, staff: staff.name, to: to, message: message, confirm: confirm ? true : nil))
        }
    }
}
