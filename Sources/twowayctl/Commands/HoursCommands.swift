import ArgumentParser
import Control

struct Hours: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show and set conversation hours, in the practice's time zone.",
        subcommands: [Show.self, Set.self, Exception.self, Clear.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the weekly hours, exceptions and whether open now.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption
        func run() throws { try connection.run(HoursShowCommand(practice: practice.id)) }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set one weekday's intervals.",
            discussion: "The first day set on a practice without hours leaves every other day closed.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption
        @Option(help: "The weekday, e.g. monday.") var day: String
        @Option(help: ArgumentHelp("Comma-separated intervals, e.g. 08:00-12:00,13:00-18:00 (22:00-02:00 crosses midnight).",
                                   valueName: "intervals"))
        var intervals: String?
        @Flag(help: "Closed that day.") var closed = false

        func validate() throws {
            guard (intervals != nil) != closed else { throw ValidationError("Give either --intervals or --closed.") }
        }

        func run() throws {
            try connection.run(HoursSetCommand(practice: practice.id, day: day, intervals: intervals.map { [$0] } ?? []))
        }
    }

    struct Exception: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set or remove a dated exception (holiday, special hours).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption
        @Option(help: "The date, YYYY-MM-DD.") var date: String
        @Flag(help: "Closed all day.") var closed = false
        @Option(help: "Special intervals instead of the weekly ones, e.g. 10:00-14:00.") var intervals: String?
        @Flag(help: "Remove the exception.") var remove = false

        func validate() throws {
            guard [closed, intervals != nil, remove].filter({ $0 }).count == 1 else {
                throw ValidationError("Give exactly one of --closed, --intervals or --remove.")
            }
        }

        func run() throws {
            try connection.run(HoursExceptionCommand(
                practice: practice.id, date: date, closed: closed ? true : nil, intervals: intervals.map { [$0] },
                remove: remove ? true : nil))
        }
    }

    struct Clear: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove all hours: always open, no after-hours replies.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption
        func run() throws { try connection.run(HoursClearCommand(practice: practice.id)) }
    }
}
