import ArgumentParser
import Control
import Foundation

struct Webhooks: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhook",
        abstract: "Add, list and remove the practice platform's webhook endpoints for events.",
        discussion: """
            Each endpoint receives a practice's events (message.created, message.status_changed, \
            conversation.opened, conversation.ended, subscription.changed, profile.created) as signed \
            POSTs (Standard Webhooks). Endpoints can also be written in the configuration file \
            (webhooks.endpoints); those are changed there.
            """,
        subcommands: [Add.self, List.self, Remove.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an endpoint; its whsec_ secret is printed this once, give it to the platform.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption
        @Option(help: ArgumentHelp("The endpoint's http or https URL.", valueName: "url")) var url: String
        @Option(help: ArgumentHelp("The event types to send, separated by commas (default: all).", valueName: "types"))
        var events: String?

        func run() throws {
            let types = events.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            try connection.run(WebhookAddCommand(practice: practice.id, url: url, events: types))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the endpoints of a practice (of every practice without --practice); never their secrets.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: ArgumentHelp("The practice (default: $TWOWAYCTL_PRACTICE, or every practice).", valueName: "id"))
        var practice: Int64?

        func run() throws {
            let practice = practice ?? ProcessInfo.processInfo.environment["TWOWAYCTL_PRACTICE"].flatMap { Int64($0) }
            try connection.run(WebhookListCommand(practice: practice))
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop sending events to an endpoint; what it has not received yet is kept as failed.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: ArgumentHelp("The endpoint's id (webhook list).", valueName: "id")) var id: Int64

        func run() throws {
            try connection.run(WebhookRemoveCommand(id: id))
        }
    }
}

extension WebhookEndpointInfo: HumanReadable {
    var humanReadable: String {
        var lines = [
            "webhook endpoint \(id)",
            "practice:   \(practice)",
            "url:        \(url)",
            "events:     \(events?.joined(separator: ", ") ?? "all")",
            "source:     \(source)",
        ]
        if let secretCredential { lines.append("credential: \(secretCredential)") }
        if let secret {
            lines.append("secret:     \(secret)")
            lines.append("Give this secret to the platform now to verify signatures; it is not shown again.")
        }
        return lines.joined(separator: "\n")
    }
}

extension WebhookEndpointList: HumanReadable {
    var humanReadable: String {
        guard !endpoints.isEmpty else { return "No webhook endpoints." }
        var table = TextTable("ID", "PRACTICE", "SOURCE", "EVENTS", "URL")
        for endpoint in endpoints {
            table.add("\(endpoint.id)", "\(endpoint.practice)", endpoint.source,
                      endpoint.events?.joined(separator: ",") ?? "all", endpoint.url)
        }
        return table.rendered
    }
}
