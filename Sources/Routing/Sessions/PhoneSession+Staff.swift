import Foundation
import TextingCore
import TextingStore

/// What staff may ask of a number's session. Each runs in the session's order with the texts
/// from the number, so a reply and an inbound text never race.
extension PhoneSession {
    /// S1, S2, S4–S7, A2, R5: opens a conversation and queues the optional first message, then
    /// one link message per attachment.
    func startConversation(
        title: String, firstMessage: String?, attachments: [StaffAttachment] = [], staff: String, accountID: Int64? = nil,
        typedName: (first: String, last: String)?,
        confirmWarnings: Bool, practice: Practice, configuration: RoutingConfiguration, now: Date
    ) async throws -> StaffResult {
        try await serially(now: now) { state in
            if let active = state.conversation {
                throw TextingError(.init("conversation.already_active"),
                                   "\(phone.formatted) already has active conversation \(active.id); reply there or end it first.")
            }
            try Self.checkSubscribed(state, practice: practice)
            if let firstMessage { try Self.checkPolicy(firstMessage, configuration, confirmWarnings) }
            try Self.checkPolicy(attachments, configuration, confirmWarnings)
            var next = state
            var batch = SessionBatch(practiceID: practiceID, phone: phone)

            // S4: a typed number with a name creates the profile, or reuses the one found (R3).
            if next.profile == nil, let typedName {
                batch.profile = .create(ClientProfile(
                    id: ClientID(0), practiceID: practiceID, source: .staff, firstName: typedName.first,
                    lastName: typedName.last, phones: [phone]))
                next.profile = ClientProfile(id: ClientID(0), practiceID: practiceID, source: .staff,
                                             firstName: typedName.first, lastName: typedName.last, phones: [phone])
            }
            // S2: app chat first.
            let channel = Self.staffChannel(next.profile, conversation: nil, practice: practice,
                                            configuration: configuration).channel
            if channel == .text { try Self.checkTextable(practice) }
            var conversation = ConversationRecord(
                id: ConversationID(0), practiceID: practiceID, phone: phone, clientID: next.profile?.id,
                title: title.isEmpty ? (next.profile?.displayName ?? phone.formatted) : title, channel: channel,
                isActive: true, createdAt: now)
            Self.overrideAfterHours(practice: practice, conversation: &conversation, now: now)
            next.conversation = conversation
            batch.conversation = .create(conversation)
            if let firstMessage {
                batch.messages = [outbound(firstMessage, author: .staff(staff), practice: practice, state: next,
                                           channel: channel, now: now)]
            }
            batch.messages += links(attachments, staff: staff, practice: practice, state: next, channel: channel, now: now)
            batch.attribute(to: accountID)
            let outcome = try await finish(batch, next: next, sid: nil, disposition: .routed, state: &state)
            return StaffResult(conversationID: state.conversation?.id ?? outcome.conversationID,
                               messageID: outcome.messageID, channel: channel, messageIDs: outcome.messageIDs)
        }
    }

    /// A2, A4, S6, S7, R5: a staff message in the active conversation, then one link message per
    /// attachment (an empty `body` with attachments sends the links only). Stops the profile bot.
    func reply(
        conversation id: ConversationID, body: String, media: [MediaAttachment], attachments: [StaffAttachment] = [],
        staff: String, accountID: Int64? = nil, confirmWarnings: Bool, practice: Practice,
        configuration: RoutingConfiguration, now: Date
    ) async throws -> StaffResult {
        try await serially(now: now) { state in
            guard var conversation = state.conversation, conversation.id == id else {
                throw Self.notActive(id)
            }
            try Self.checkSubscribed(state, practice: practice)
            let sendsText = !body.isEmpty || attachments.isEmpty
            if sendsText { try Self.checkPolicy(body, configuration, confirmWarnings) }
            try Self.checkPolicy(attachments, configuration, confirmWarnings)
            // P3: S2 again for this message; the conversation follows the channel it now runs on.
            let choice = Self.staffChannel(state.profile, conversation: conversation.channel, practice: practice,
                                           configuration: configuration)
            if choice.channel == .text { try Self.checkTextable(practice) }
            var next = state
            conversation.channel = choice.channel
            conversation.bot?.staffReplied()
            Self.overrideAfterHours(practice: practice, conversation: &conversation, now: now)
            next.conversation = conversation
            var batch = SessionBatch(practiceID: practiceID, phone: phone, conversation: .update(conversation))
            if sendsText {
                batch.messages = [outbound(body, author: .staff(staff), practice: practice, state: next,
                                           channel: choice.channel, media: media, now: now)]
            }
            batch.messages += links(attachments, staff: staff, practice: practice, state: next,
                                    channel: choice.channel, now: now)
            batch.attribute(to: accountID)
            let outcome = try await finish(batch, next: next, sid: nil, disposition: .routed, state: &state)
            return StaffResult(conversationID: id, messageID: outcome.messageID, channel: choice.channel,
                               messageIDs: outcome.messageIDs, fallback: choice.fallback)
        }
    }

    /// C1: ends the active conversation; the next text opens a new one.
    func end(conversation id: ConversationID, now: Date) async throws {
        try await serially(now: now) { state in
            guard var conversation = state.conversation, conversation.id == id else { throw Self.notActive(id) }
            conversation.isActive = false
            conversation.endedAt = now
            var next = state
            next.conversation = nil
            let batch = SessionBatch(practiceID: practiceID, phone: phone, conversation: .update(conversation))
            _ = try await finish(batch, next: next, sid: nil, disposition: .routed, state: &state)
        }
    }

    /// O1: staff opt the number out of 2-way texting from its active conversation. Reminders
    /// stay on.
    func optOut(conversation id: ConversationID, staff: String, accountID: Int64? = nil, now: Date) async throws {
        try await serially(now: now) { state in
            guard let conversation = state.conversation, conversation.id == id else { throw Self.notActive(id) }
            var next = state
            var batch = SessionBatch(practiceID: practiceID, phone: phone)
            batch.subscriptionChanges = next.setSubscriptions(
                twoWay: false, actor: "staff:\(staff)", method: "conversation opt-out", at: now)
            batch.attribute(to: accountID)
            batch.subscriptions = next.subscriptions
            _ = try await finish(batch, next: next, sid: nil, disposition: .routed, state: &state)
        }
    }

    /// O4 (staff from the subscription settings) and O5 (the carrier reported 21610).
    func setSubscription(
        _ kind: SubscriptionKind?, subscribed: Bool, actor: String, method: String, accountID: Int64? = nil, now: Date
    ) async throws -> Subscriptions {
        try await serially(now: now) { state in
            var next = state
            var batch = SessionBatch(practiceID: practiceID, phone: phone)
            batch.subscriptionChanges = next.setSubscriptions(
                twoWay: kind == nil || kind == .twoWay ? subscribed : nil,
                reminders: kind == nil || kind == .reminders ? subscribed : nil,
                actor: actor, method: method, at: now)
            guard !batch.subscriptionChanges.isEmpty else { return next.subscriptions }
            batch.attribute(to: accountID)
            batch.subscriptions = next.subscriptions
            _ = try await finish(batch, next: next, sid: nil, disposition: .routed, state: &state)
            return state.subscriptions
        }
    }

    /// C2: edits the number's profile (the one R3 finds, or a new staff profile). Stored
    /// messages keep the name they were stored with.
    func editProfile(
        firstName: String?, lastName: String?, email: String?, now: Date
    ) async throws -> ClientProfile {
        try await serially(now: now) { state in
            var next = state
            var profile = next.profile ?? ClientProfile(id: ClientID(0), practiceID: practiceID, source: .staff,
                                                        phones: [phone])
            if let firstName { profile.firstName = firstName.isEmpty ? nil : firstName }
            if let lastName { profile.lastName = lastName.isEmpty ? nil : lastName }
            if let email {
                if email.isEmpty {
                    profile.email = nil
                } else if let address = EmailAddress(email) {
                    profile.email = address.value
                } else {
                    throw TextingError(.init("profile.invalid_email"), "'\(email)' is not one valid email address.")
                }
            }
            if profile.email != nil, profile.source != .pms {
                profile.emailMissingFromPMS = try await !store.directoryHasEmail(
                    practice: practiceID, email: profile.email ?? "")
            }
            let isNew = next.profile == nil
            var batch = SessionBatch(practiceID: practiceID, phone: phone,
                                     profile: isNew ? .create(profile) : .update(profile))
            if let conversation = next.conversation, conversation.clientID == nil, isNew {
                batch.conversation = .update(conversation)  // the store links the new profile to it
            }
            next.profile = profile
            _ = try await finish(batch, next: next, sid: nil, disposition: .routed, state: &state)
            return state.profile ?? profile
        }
    }

    /// E5: sends a reminder or appointment confirmation from the practice's number and keeps
    /// it for A6. Refused when the number opted out of reminders.
    func sendReminder(_ body: String, practice: Practice, now: Date) async throws -> MessageID? {
        try await serially(now: now) { state in
            guard state.subscriptions.reminders else {
                throw TextingError(.init("reminder.opted_out"),
                                   "\(phone.formatted) opted out of reminders; it must text START to opt back in.")
            }
            guard practice.number.usable != nil else {
                throw TextingError(.init("texting.no_number"),
                                   "The practice has no texting number yet; request one first.")
            }
            let next = state
            var batch = SessionBatch(practiceID: practiceID, phone: phone)
            batch.messages = [outbound(body, author: .reminder, practice: practice, state: next,
                                       inConversation: false, isReminder: true, now: now)]
            return try await finish(batch, next: next, sid: nil, disposition: .routed, state: &state).messageID
        }
    }

    /// The session's current view, for status and tests.
    func snapshot(now: Date) async throws -> SessionState {
        try await serially(now: now) { state in state }
    }

    // MARK: - Rules shared by staff actions

    static func notActive(_ id: ConversationID) -> TextingError {
        TextingError(.init("conversation.not_active"), "Conversation \(id) is not the number's active conversation.")
    }

    /// S6: no staff texts to a number opted out of 2-way texting.
    static func checkSubscribed(_ state: SessionState, practice: Practice) throws {
        guard state.subscriptions.twoWay else {
            let time = PracticeTimeFormat(timeZone: practice.timeZone)
            let since = state.subscriptions.twoWayOptedOutAt.map { " on \(time.string(from: $0))" } ?? ""
            throw TextingError(.init("subscription.opted_out"),
                               "The number opted out of 2-way texting\(since); it can opt back in by texting the practice.")
        }
    }

    /// Checks a staff-written text before it is queued: longer than a carrier accepts is
    /// refused (so staff learn it now, not from a failed delivery); S7: blocked content is
    /// refused, warned content needs explicit confirmation.
    static func checkPolicy(_ body: String, _ configuration: RoutingConfiguration, _ confirmed: Bool) throws {
        guard body.count <= TextLimits.maximumBodyCharacters else {
            throw TextingError(.init("message.too_long"),
                               "The message has \(body.count) characters; a text can have at most "
                                   + "\(TextLimits.maximumBodyCharacters). Shorten it or send it as several messages.")
        }
        switch configuration.contentPolicy.check(body) {
        case .allowed:
            return
        case .block(let match):
            throw TextingError(.init("policy.blocked"), match.explanation)
        case .warn(let matches):
            if confirmed { return }
            throw TextingError(.init("policy.confirmation_required"),
                               matches.map(\.explanation).joined(separator: "; ") + ". Check it before it goes; send it anyway only if it is right.")
        }
    }

    /// S7 for attachments: the part of each link text staff chose (a PDF's file name).
    static func checkPolicy(_ attachments: [StaffAttachment], _ configuration: RoutingConfiguration, _ confirmed: Bool) throws {
        for case let text? in attachments.map(\.policyText) {
            try checkPolicy(text, configuration, confirmed)
        }
    }

    /// R5: one message per attachment carrying its link, with the file in its media list.
    func links(
        _ attachments: [StaffAttachment], staff: String, practice: Practice, state: SessionState, channel: Channel,
        now: Date
    ) -> [MessageDraft] {
        attachments.map { attachment in
            outbound(attachment.linkText, author: .staff(staff), practice: practice, state: state, channel: channel,
                     media: [attachment.media], now: now)
        }
    }

    /// S2 and P3: the channel a staff message goes by, decided when it is written, from the
    /// client's app account as the session knows it now.
    static func staffChannel(
        _ profile: ClientProfile?, conversation: Channel?, practice: Practice, configuration: RoutingConfiguration
    ) -> StaffMessageChannel {
        StaffMessageChannel.choose(
            ChatAvailability.evaluate(profile?.app, minimumVersion: configuration.minimumAppVersion,
                                      practiceAppChat: practice.appChatEnabled),
            conversation: conversation)
    }

    /// E3/E4: texts go out only from a practice with 2-way texting on.
    static func checkTextable(_ practice: Practice) throws {
        guard practice.number.usable != nil else {
            throw TextingError(.init("texting.no_number"), "The practice has no texting number yet; request one first.")
        }
        guard practice.textingEnabled else {
            throw TextingError(.init("texting.disabled"), "2-way texting is disabled for the practice; enable it first.")
        }
    }

    /// A2: staff acting while closed silences after-hours replies until the next opening.
    static func overrideAfterHours(practice: Practice, conversation: inout ConversationRecord, now: Date) {
        guard let hours = practice.hours, !hours.isOpen(at: now) else { return }
        conversation.afterHoursOverrideUntil = hours.closedPeriodEnd(at: now) ?? .distantFuture
    }
}

/// What a staff action created.
public struct StaffResult: Hashable, Sendable {
    public var conversationID: ConversationID?
    public var messageID: MessageID?
    public var channel: Channel
    /// Every message queued, in order: the staff's text, then one per attachment (R5).
    public var messageIDs: [MessageID] = []
    /// P3: set when the conversation ran in the app and this message went by text, for this reason.
    public var fallback: ChatUnavailableReason?

    /// What staff read after sending when the message fell back to text (P3); nil otherwise.
    public var notice: String? { StaffMessageChannel(channel: channel, fallback: fallback).notice }
}
