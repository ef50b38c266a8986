import ArgumentParser
import Control

struct Conversation: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read, start, answer and end conversations; opt a client out of 2-way texting.",
        subcommands: [List.self, Show.self, Start.self, Reply.self, End.self, OptOut.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List active conversations (--all: ended ones too).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption
        @Flag(help: "Include ended conversations.") var all = false

        func run() throws {
            try connection.run(ConversationListCommand(practice: practice.id, all: all ? true : nil))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a conversation: every message, its channel, reminder context and delivery state.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption
        @Argument(help: "The conversation id.") var id: Int64

        func run() throws {
            try connection.run(ConversationShowCommand(practice: practice.id, conversation: id))
        }
    }

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a conversation with a number, in the app when the client can chat there, else by text.",
            discussion: "--first and --last create the profile of a number nobody knows yet.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption
        @OptionGroup var staff: StaffOption
        @Option(help: "The client's number.") var to: String
        @Option(help: "The client's first name (with --last).") var first: String?
        @Option(help: "The client's last name (with --first).") var last: String?
        @Option(help: "The conversation's title.") var title: String
        @Option(help: "A first message.") var message: String?
        @Flag(help: "Send despite content-policy warnings.") var confirm = false
        @Option(help: ArgumentHelp(
            "Send a photo, video or PDF (jpg, jpeg, png, gif, heic, webp, mp4, mov, 3gp, pdf) as a link; repeatable.",
            valueName: "file"))
        var attach: [String] = []

        func validate() throws {
            if (first == nil) != (last == nil) { throw ValidationError("Give --first and --last together.") }
        }

        func run() throws {
            let client = try connection.connect()
            let uploads = try connection.upload(attach, practice: practice.id, on: client)
            connection.emit(try connection.send(ConversationStartCommand(
                practice: practice.id, staff: staff.name, to: to, firstName: first, lastName: last, title: title,
                message: message, confirm: confirm ? true : nil, attachments: uploads.isEmpty ? nil : uploads), on: client))
        }
    }

    struct Reply: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a message, files, or both in an active conversation.",
            discussion: """
                Each --attach file reaches the client as its own text with a link, after the message: \
                "You've got a new photo/video message! <link>", or for a PDF its name and the link.
                """)
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption
        @OptionGroup var staff: StaffOption
        @Argument(help: "The conversation id.") var id: Int64
        @Option(help: "The message (may be left out with --attach).") var message: String?
        @Flag(help: "Send despite content-policy warnings.") var confirm = false
        @Option(help: ArgumentHelp(
            "Send a photo, video or PDF (jpg, jpeg, png, gif, heic, webp, mp4, mov, 3gp, pdf) as a link; repeatable.",
            valueName: "file"))
        var attach: [String] = []

        func validate() throws {
            if message == nil && attach.isEmpty { throw ValidationError("Give --message, --attach, or both.") }
        }

        func run() throws {
            let client = try connection.connect()
            let uploads = try connection.upload(attach, practice: practice.id, on: client)
            connection.emit(try connection.send(ConversationReplyCommand(
                practice: practice.id, staff: staff.name, conversation: id, message: message,
                confirm: confirm ? true : nil, attachments: uploads.isEmpty ? nil : uploads), on: client))
        }
    }

    struct End: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End a conversation; the next text opens a new one.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption
        @OptionGroup var staff: StaffOption
        @Argument(help: "The conversation id.") var id: Int64

        func run() throws {
            try connection.run(ConversationEndCommand(practice: practice.id, staff: staff.name, conversation: id))
        }
    }

    struct OptOut: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "opt-out",
            abstract: "Opt the conversation's number out of 2-way texting (not reminders); before ending it.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption
        @OptionGroup var staff: StaffOption
        @Argument(help: "The conversation id.") var id: Int64

        func run() throws {
            try connection.run(ConversationOptOutCommand(practice: practice.id, staff: staff.name, conversation: id))
        }
    }
}
