import Carrier
import Control
import Foundation
import TextingCore
import TextingStore

// How domain values appear in results, the same on every door (the control socket, the staff
// API). The results are plain strings and numbers so the JSON stays stable when the domain types
// change.

extension PracticeInfo {
    public init(_ practice: Practice) {
        let number: NumberInfo = switch practice.number {
        case .none: NumberInfo(state: "none", number: nil, portCarrier: nil)
        case .assigned(let n): NumberInfo(state: "assigned", number: n.e164, portCarrier: nil)
        case .ported(let n): NumberInfo(state: "ported", number: n.e164, portCarrier: nil)
        case .portRequested(let n, let carrier): NumberInfo(state: "port_requested", number: n.e164, portCarrier: carrier)
        }
        self.init(
            id: practice.id.rawValue, name: practice.name, country: practice.country.rawValue,
            timeZone: practice.timeZone.identifier, practicePhone: practice.practicePhone.e164,
            emergencyPhone: practice.emergencyPhone.e164, appChat: practice.appChatEnabled,
            texting: practice.textingEnabled, number: number, hoursConfigured: practice.hours != nil)
    }
}

extension HoursInfo {
    /// The practice's hours, and whether it is open at `now`.
    public init(_ practice: Practice, now: Date) {
        let hours = practice.hours
        let weekly = [Weekday.monday, .tuesday, .wednesday, .thursday, .friday, .saturday, .sunday].map { day in
            DayHours(day: day.name, intervals: (hours?.weekly[day] ?? []).map(\.description))
        }
        let exceptions = (hours?.exceptions ?? [:]).sorted { $0.key < $1.key }.map { date, exception in
            DateHours(date: date.description, closed: exception.intervals.isEmpty,
                      intervals: exception.intervals.map(\.description))
        }
        let open = hours?.isOpen(at: now) ?? true
        self.init(
            practice: practice.id.rawValue, timeZone: practice.timeZone.identifier, configured: hours != nil,
            weekly: hours == nil ? [] : weekly, exceptions: exceptions, openNow: open,
            opensAt: open ? nil : hours?.closedPeriodEnd(at: now))
    }
}

extension ChatInfo {
    /// S2 for a client of `practice`: the practice's app chat first, then the client's account.
    public init(practice: Practice, app: AppAccount?, minimumVersion: AppVersion) {
        switch ChatAvailability.evaluate(app, minimumVersion: minimumVersion, practiceAppChat: practice.appChatEnabled) {
        case .available:
            self.init(available: true, reasonCode: nil, reason: nil)
        case .unavailable(let reason):
            self.init(unavailable: reason)
        }
    }

    /// Chat not available, for `reason`.
    public init(unavailable reason: ChatUnavailableReason) {
        self.init(available: false, reasonCode: reason.rawValue, reason: reason.explanation)
    }
}

extension ClientInfo {
    public init(_ profile: ClientProfile, phones: [ClientPhoneInfo], chat: ChatInfo) {
        self.init(
            id: profile.id.rawValue, source: profile.source.rawValue, externalId: profile.externalID,
            firstName: profile.firstName, lastName: profile.lastName, name: profile.displayName, email: profile.email,
            emailMissingFromPMS: profile.emailMissingFromPMS, phones: phones, chat: chat)
    }
}

extension ConversationInfo {
    public init(_ record: ConversationRecord, clientName: String?) {
        self.init(
            id: record.id.rawValue, practice: record.practiceID.rawValue, title: record.title, phone: record.phone.e164,
            clientId: record.clientID?.rawValue, clientName: clientName, channel: record.channel.rawValue,
            channelLabel: record.channel.label, active: record.isActive, createdAt: record.createdAt,
            endedAt: record.endedAt, profileBot: record.bot?.step.rawValue,
            afterHoursOverrideUntil: record.afterHoursOverrideUntil)
        clientReadThrough = record.clientReadThrough?.rawValue
        clientReadAt = record.clientReadAt
    }
}

extension MessageInfo {
    public init(_ record: MessageRecord) {
        let delivery = record.deliveryState.map { state in
            DeliveryInfo(state: state.rawValue, errorCode: record.errorCode, explanation: record.errorExplanation)
        }
        self.init(
            id: record.id.rawValue, direction: record.direction.rawValue, channel: record.channel.rawValue,
            channelLabel: record.channel.label, author: record.author.description, clientName: record.clientName,
            body: record.body, createdAt: record.createdAt, routed: record.routed,
            reminderContext: record.reminderContext.map { ReminderContextInfo(body: $0.body, sentAt: $0.sentAt) },
            media: record.media.map {
                MediaInfo(contentType: $0.contentType, fileName: $0.fileName, stored: $0.state == .stored && $0.storedPath != nil,
                          id: $0.id, state: $0.state.rawValue, failure: $0.failure, byteCount: $0.byteCount)
            },
            delivery: delivery)
    }
}

extension SubscriptionInfo {
    public init(phone: PhoneNumber, _ subscriptions: Subscriptions, history: [SubscriptionChange]) {
        self.init(
            phone: phone.e164, twoWay: subscriptions.twoWay, reminders: subscriptions.reminders,
            twoWayOptedOutAt: subscriptions.twoWayOptedOutAt,
            history: history.map {
                SubscriptionChangeInfo(kind: $0.kind.rawValue, subscribed: $0.subscribed, actor: $0.actor,
                                       method: $0.method, at: $0.at)
            })
    }
}

extension HandsetMessageInfo {
    public init(_ message: SandboxCarrier.HandsetMessage) {
        self.init(
            sid: message.sid, from: message.from.e164, body: message.body, state: message.state.rawValue,
            errorCode: message.errorCode, explanation: message.errorCode.map(CarrierErrorCode.explanation))
    }
}
