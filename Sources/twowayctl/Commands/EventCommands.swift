import ArgumentParser
import Control
import Foundation

struct Events: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "List the events sent to the practice platform's webhooks, and send failed ones again.",
        subcommands: [List.self, Retry.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the newest deliveries of events (one row per event and endpoint).")
        @OptionGroup var connection: ConnectionOptions
        @Flag(help: "Only the deliveries that failed after every retry.") var failed = false
        @Option(help: ArgumentHelp("Only this practice's.", valueName: "id")) var practice: Int64?
        @Option(help: ArgumentHelp("At most this many rows, 1 to 1000 (default 50).", valueName: "n")) var limit: Int?

        func run() throws {
            try connection.run(EventListCommand(practice: practice, failed: failed ? true : nil, limit: limit))
        }
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send failed events again, with a new retry window.")
        @OptionGroup var connection: ConnectionOptions
        @Flag(help: "Every failed delivery.") var allFailed = false
        @Argument(help: ArgumentHelp("The events' ids (events list, EVENT column).", valueName: "id")) var events: [Int64] = []

        func validate() throws {
            if events.isEmpty == !allFailed {
                throw ValidationError("Name the events to retry, or give --all-failed, not both.")
            }
        }

        func run() throws {
            try connection.run(EventRetryCommand(events: events.isEmpty ? nil : events, allFailed: allFailed ? true : nil))
        }
    }
}

extension EventDeliveryList: HumanReadable {
    var humanReadable: String {
        guard !deliveries.isEmpty else { return "No events." }
        let format = Date.ISO8601FormatStyle(timeZone: .gmt)
        var table = TextTable("EVENT", "ENDPOINT", "PRACTICE", "TYPE", "STATE", "ATTEMPTS", "CREATED (UTC)", "LAST ERROR")
        for row in deliveries {
            table.add("\(row.event)", "\(row.endpoint)", "\(row.practice)", row.type, row.state, "\(row.attempts)",
                      row.createdAt.formatted(format), row.lastError ?? "")
        }
        return table.rendered
    }
}

extension EventRetryInfo: HumanReadable {
    var humanReadable: String { retried == 1 ? "1 delivery will be sent again." : "\(retried) deliveries will be sent again." }
}
