import Control
import Foundation
import TextingCore

// How each result reads without --json.

extension StatusInfo: HumanReadable {
    var humanReadable: String {
        """
        twowayd \(version) (control protocol \(protocolVersion))
        carrier:        \(carrier)
        practices:      \(practices)
        live sessions:  \(liveSessions)
        outbox depth:   \(outboxDepth)
        """
    }
}

extension ReloadInfo: HumanReadable {
    var humanReadable: String { message }
}

extension NumberInfo {
    var humanReadable: String {
        switch state {
        case "none": "none (request one, or port the practice's own number)"
        case "port_requested": "\(Format.phone(number ?? "")) port requested (carrier \(portCarrier ?? "?"))"
        default: "\(Format.phone(number ?? "")) \(state)"
        }
    }
}

extension PracticeInfo: HumanReadable {
    var humanReadable: String {
        """
        practice \(id): \(name)
        country:          \(country)
        time zone:        \(timeZone)
        practice phone:   \(Format.phone(practicePhone))
        emergency phone:  \(Format.phone(emergencyPhone))
        app chat:         \(Format.yesNo(appChat))
        texting number:   \(number.humanReadable)
        2-way texting:    \(Format.yesNo(texting))
        hours:            \(hoursConfigured ? "set (hours show)" : "none: always open")
        """
    }
}

extension PracticeList: HumanReadable {
    var humanReadable: String {
        guard !practices.isEmpty else { return "No practices." }
        var table = TextTable("ID", "NAME", "COUNTRY", "APP CHAT", "TEXTING", "NUMBER")
        for practice in practices {
            table.add("\(practice.id)", practice.name, practice.country, Format.yesNo(practice.appChat),
                      Format.yesNo(practice.texting), practice.number.humanReadable)
        }
        return table.rendered
    }
}

extension PortRequestInfo: HumanReadable {
    var humanReadable: String {
        "Port requested: \(practice.number.humanReadable). Setup fee recorded: \(Format.money(cents: feeCents))."
    }
}

extension HoursInfo: HumanReadable {
    var humanReadable: String {
        var lines = ["Conversation hours of practice \(practice) (\(timeZone)):"]
        if !configured {
            lines.append("  none set: always open, no after-hours replies")
        } else {
            for day in weekly {
                lines.append("  \(day.day.padding(toLength: 10, withPad: " ", startingAt: 0))"
                                 + (day.intervals.isEmpty ? "closed" : day.intervals.joined(separator: ", ")))
            }
            for exception in exceptions {
                lines.append("  \(exception.date) " + (exception.closed ? "closed" : exception.intervals.joined(separator: ", ")))
            }
        }
        let time = PracticeTimeFormat(identifier: timeZone) ?? .utc
        lines.append(openNow ? "Open now." : "Closed now" + (opensAt.map { "; opens \(time.string(from: $0))." } ?? "."))
        return lines.joined(separator: "\n")
    }
}

extension DirectoryImportInfo: HumanReadable {
    var humanReadable: String {
        if stagedBytes > 0 { return "Staged \(stagedBytes) bytes." }
        return dryRun ? "\(valid) rows are valid; nothing was imported (dry run)." : "Imported \(imported) clients."
    }
}

extension ChatInfo {
    var humanReadable: String { available ? "available" : "not available: \(reason ?? "unknown reason")" }
}

extension ClientInfo {
    var phonesText: String {
        phones.map { phone in
            var flags: [String] = []
            if !phone.twoWay { flags.append("opted out of 2-way") }
            if !phone.reminders { flags.append("opted out of reminders") }
            return Format.phone(phone.number) + (flags.isEmpty ? "" : " (\(flags.joined(separator: ", ")))")
        }.joined(separator: "; ")
    }
}

extension ClientList: HumanReadable {
    var humanReadable: String {
        guard !clients.isEmpty else { return "No clients with a textable number by that last name." }
        var table = TextTable("ID", "NAME", "SOURCE", "PHONES", "APP CHAT")
        for client in clients {
            table.add("\(client.id)", client.name ?? "-", client.source, client.phonesText, client.chat.humanReadable)
        }
        return table.rendered
    }
}

extension ProfileInfo: HumanReadable {
    var humanReadable: String {
        guard let profile else { return "\(Format.phone(phone)) has no profile: its next text starts the profile questions." }
        var lines = [
            "\(Format.phone(phone)): \(profile.name ?? "(no name)") [profile \(profile.id), from \(profile.source)]",
            "first name:  \(profile.firstName ?? "-")",
            "last name:   \(profile.lastName ?? "-")",
            "email:       \(profile.email ?? "-")",
            "phones:      \(profile.phonesText)",
            "app chat:    \(profile.chat.humanReadable)",
        ]
        if let id = profile.externalId { lines.insert("PMS id:      \(id)", at: 1) }
        if profile.emailMissingFromPMS {
            lines.append("note:        this email is not in the PMS; add it there so the client is invited to the app")
        }
        return lines.joined(separator: "\n")
    }
}

extension ConversationList: TimedHumanReadable {
    var practiceOfTimes: Int64? { conversations.first?.practice }

    func humanReadable(_ time: PracticeTimeFormat) -> String {
        guard !conversations.isEmpty else { return "No conversations." }
        var table = TextTable("ID", "STARTED", "CLIENT", "PHONE", "CHANNEL", "STATE", "TITLE")
        for conversation in conversations {
            table.add("\(conversation.id)", time.string(from: conversation.createdAt), conversation.clientName ?? "-",
                      Format.phone(conversation.phone), conversation.channelLabel,
                      conversation.active ? "active" : "ended", conversation.title)
        }
        return table.rendered
    }
}

extension MessageInfo {
    func humanReadable(_ time: PracticeTimeFormat) -> String {
        let arrow = direction == "inbound" ? "<-" : "->"
        let who = author == "client" ? (clientName ?? "client") : author
        var head = "#\(id) \(time.string(from: createdAt)) \(arrow) \(who) · \(channelLabel)"
        if let delivery {
            head += " · \(delivery.state)"
            if let code = delivery.errorCode { head += " (\(code): \(delivery.explanation ?? ""))" }
        }
        if !routed { head += " · unrouted (texting was off)" }
        var lines = [head, "    " + Format.indented(body, by: "    ")]
        if let context = reminderContext {
            lines.append("    [replying to the reminder of \(time.string(from: context.sentAt)): \(context.body)]")
        }
        for item in media {
            lines.append("    " + item.humanReadable)
        }
        return lines.joined(separator: "\n")
    }
}

extension ConversationDetail: TimedHumanReadable {
    var practiceOfTimes: Int64? { conversation.practice }

    func humanReadable(_ time: PracticeTimeFormat) -> String {
        var lines = [
            "Conversation \(conversation.id): \(conversation.title)",
            "client:   \(conversation.clientName ?? "unknown") \(Format.phone(conversation.phone))",
            "channel:  \(conversation.channelLabel)",
            "state:    " + (conversation.active ? "active" : "ended" + (conversation.endedAt.map { " \(time.string(from: $0))" } ?? "")),
            "texting:  " + (subscriptions.twoWay ? "subscribed" : "opted out"
                + (subscriptions.twoWayOptedOutAt.map { " since \(time.string(from: $0))" } ?? ""))
                + (subscriptions.reminders ? "" : "; opted out of reminders"),
        ]
        if let bot = conversation.profileBot { lines.append("profile questions: \(bot)") }
        if let until = conversation.afterHoursOverrideUntil {
            lines.append("after-hours replies: off until \(time.string(from: until)) (staff answered while closed)")
        }
        if let through = conversation.clientReadThrough {
            // The read receipt (P2): the time of the newest message read, else when it was read.
            let read = messages.first { $0.id == through }?.createdAt ?? conversation.clientReadAt
            lines.append("Read in the app through " + (read.map { time.string(from: $0) } ?? "message \(through)"))
        }
        lines.append("")
        lines += messages.map { $0.humanReadable(time) }
        return lines.joined(separator: "\n")
    }
}

extension StaffMessageInfo: HumanReadable {
    var humanReadable: String {
        var text = message.map { "Message \($0) queued in conversation \(conversation)" } ?? "Conversation \(conversation) started"
        if let messages, messages.count > 1 {
            text = "Messages \(messages.map(String.init).joined(separator: ", ")) queued in conversation \(conversation)"
        }
        text += " (\(channelLabel))."
        if let notice {
            text += "\n" + notice
        } else if let chat, !chat.available, channel == "text", let reason = chat.reason {
            text += "\nApp chat not available: \(reason)."
        }
        return text
    }
}

extension ConversationEndInfo: HumanReadable {
    var humanReadable: String { "Conversation \(conversation) ended." }
}

extension SubscriptionInfo: TimedHumanReadable {
    /// The result does not name its practice: the command's is meant.
    var practiceOfTimes: Int64? { nil }

    func humanReadable(_ time: PracticeTimeFormat) -> String {
        var lines = [
            "\(Format.phone(phone)):",
            "  2-way texting:  " + (twoWay ? "subscribed" : "opted out"
                + (twoWayOptedOutAt.map { " since \(time.string(from: $0))" } ?? "")),
            "  reminders:      " + (reminders ? "subscribed" : "opted out"),
        ]
        if !history.isEmpty {
            lines.append("History:")
            var table = TextTable("WHEN", "WHAT", "CHANGE", "WHO", "HOW")
            for change in history {
                table.add(time.string(from: change.at), change.kind == "two_way" ? "2-way texting" : "reminders",
                          change.subscribed ? "opted in" : "opted out", change.actor, change.method)
            }
            lines.append(table.rendered.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        }
        return lines.joined(separator: "\n")
    }
}

extension ReminderInfo: HumanReadable {
    var humanReadable: String { "Reminder \(message.map(String.init) ?? "") queued to \(Format.phone(phone))." }
}

extension InboundInfo: HumanReadable {
    var humanReadable: String {
        var lines = ["\(Format.phone(from)) -> \(Format.phone(to)): \(disposition)"
                         + (conversation.map { " (conversation \($0))" } ?? "")]
        lines += replies.map { "  auto-reply: \($0)" }
        return lines.joined(separator: "\n")
    }
}

extension HandsetInbox: HumanReadable {
    var humanReadable: String {
        guard !messages.isEmpty else { return "The handset \(Format.phone(number)) has received nothing." }
        return messages.map { message in
            var head = "\(message.sid) from \(Format.phone(message.from)) · \(message.state)"
            if let code = message.errorCode { head += " (\(code): \(message.explanation ?? ""))" }
            return head + "\n    " + Format.indented(message.body, by: "    ")
        }.joined(separator: "\n")
    }
}
