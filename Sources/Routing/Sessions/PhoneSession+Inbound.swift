import Foundation
import TextingCore
import TextingStore

extension PhoneSession {
    /// Applies, in order: E4 (texting off), the keywords (O2, O3, A7), re-subscription (O3),
    /// the active conversation (R1), reminder context (A6), the after-hours reply (A1, A2) and
    /// the profile bot (A4, A5); then commits everything in one batch.
    func receive(
        _ text: InboundText, practice: Practice, configuration: RoutingConfiguration, now: Date
    ) async throws -> InboundOutcome {
        try await serially(now: now) { state in
            if state.recentSIDs.contains(text.carrierSID) {
                return InboundOutcome(disposition: .duplicate)
            }
            var next = state
            var batch = SessionBatch(practiceID: practiceID, phone: phone)
            var message = MessageDraft(
                direction: .inbound, author: .client, clientName: next.profile?.displayName, body: text.body,
                carrierSID: text.carrierSID, media: text.media, createdAt: now)

            guard practice.routesInbound else {
                message.routed = false
                message.inConversation = false
                batch.messages = [message]
                return try await finish(batch, next: next, sid: text.carrierSID, disposition: .unrouted, state: &state)
            }

            if let keyword = Keyword.match(text.body),
               let replies = keywordReplies(keyword, word: Keyword.normalized(text.body), practice: practice,
                                            configuration: configuration, state: &next, batch: &batch, now: now) {
                message.inConversation = next.conversation != nil
                if var conversation = next.conversation {
                    batch.conversation = .attach(conversation.id)
                    if conversation.bot?.isActive == true, keyword == .optOut {
                        conversation.bot?.staffReplied()
                        next.conversation = conversation
                        batch.conversation = .update(conversation)
                    }
                }
                batch.messages = [message] + replies.map {
                    outbound($0.body, author: .system, practice: practice, state: next, compliance: $0.compliance,
                             inConversation: message.inConversation, now: now)
                }
                return try await finish(batch, next: next, sid: text.carrierSID, disposition: .keyword, state: &state)
            }

            // O3: any other text from an opted-out number opts it back in.
            if next.subscriptions.isOptedOutOfAnything {
                batch.subscriptionChanges += next.setSubscriptions(
                    twoWay: true, reminders: true, actor: "client", method: "inbound text", at: now)
                batch.subscriptions = next.subscriptions
            }

            let replies = try await joinConversation(
                &message, channel: .text, client: nil, practice: practice, next: &next, batch: &batch, now: now)
            var outcome = try await finish(batch, next: next, sid: text.carrierSID, disposition: .routed, state: &state)
            outcome.replies = replies
            return outcome
        }
    }

    /// The rules every client message follows, whatever its channel: R1 (join the active
    /// conversation, whatever its channel, or open one on `channel` for `client`, else the
    /// number's profile), A6 (reminder context) and A1/A2 (the after-hours reply, sent on
    /// `channel`); for a text, the profile bot (A4, A5). Puts the conversation and `message` with
    /// its replies into `batch` and `next`; returns the replies' bodies.
    func joinConversation(
        _ message: inout MessageDraft, channel: Channel, client: ClientID?, practice: Practice,
        next: inout SessionState, batch: inout SessionBatch, now: Date
    ) async throws -> [String] {
        let opened = next.conversation == nil
        var conversation = next.conversation ?? ConversationRecord(
            id: ConversationID(0), practiceID: practiceID, phone: phone, clientID: client ?? next.profile?.id,
            title: next.profile?.displayName ?? phone.formatted, channel: channel, isActive: true, createdAt: now)
        let before = conversation

        message.reminderContext = ReminderContext.context(forReplyAt: now, reminders: next.reminders)

        var replies: [String] = []
        if let reply = afterHoursReply(practice: practice, conversation: &conversation, now: now) {
            replies.append(reply)
        }

        // The profile bot asks by text only: a client in the app is known.
        if channel == .text {
            if opened && next.profile == nil {
                let (bot, question) = ProfileCollection.start()
                conversation.bot = bot
                replies.append(question)
            } else if var bot = conversation.bot, bot.isActive {
                if let question = bot.receive(message.body) { replies.append(question) }
                conversation.bot = bot
                if !bot.isActive {
                    batch.profile = .create(try await collectedProfile(bot))
                }
            }
        }

        next.conversation = conversation
        if opened {
            batch.conversation = .create(conversation)
        } else {
            batch.conversation = conversation == before ? .attach(conversation.id) : .update(conversation)
        }
        let state = next
        batch.messages = [message] + replies.map {
            outbound($0, author: .system, practice: practice, state: state, channel: channel, now: now)
        }
        return replies
    }

    /// Commits a batch and, on success, makes `next` (with the ids the store assigned) the state.
    func finish(
        _ batch: SessionBatch, next: SessionState, sid: String?, disposition: InboundOutcome.Disposition,
        state: inout SessionState
    ) async throws -> InboundOutcome {
        var batch = batch
        batch.expectedVersion = state.version
        let commit = try await store.commit(batch)
        if commit.duplicate {
            // Stored before this session knew it (after a restart or eviction): reload.
            throw DuplicateAfterReload()
        }
        var next = next
        next.version = commit.version
        if let id = commit.conversationID, next.conversation != nil { next.conversation?.id = id }
        environment.events.publish(Change.of(batch, commit, ended: Self.ended(from: state, to: next)))
        Self.recordMetrics(batch, from: state, to: next)
        if case .create(var profile)? = batch.profile, let id = commit.clientID {
            profile.id = id
            if !profile.phones.contains(phone) { profile.phones.append(phone) }
            next.profile = profile
            next.conversation?.clientID = id
        }
        next.reminders += commit.reminders
        if let sid { next.remember(sid: sid) }
        state = next
        var outcome = InboundOutcome(
            disposition: disposition,
            conversationID: batch.messages.first?.inConversation == true ? commit.conversationID : nil,
            messageID: commit.messageIDs.first,
            replies: batch.messages.dropFirst().map(\.body))
        outcome.messageIDs = commit.messageIDs
        return outcome
    }

    /// The conversation that was active in `before` and is not in `after` (ended by staff, by
    /// the reaper or replaced), if any.
    static func ended(from before: SessionState, to after: SessionState) -> ConversationID? {
        guard let old = before.conversation, old.isActive else { return nil }
        if let new = after.conversation, new.id == old.id, new.isActive { return nil }
        return old.id
    }

    /// The replies a keyword causes, or nil when the word is not a keyword in this state
    /// (YES from a number that is not opted out is an ordinary answer).
    private func keywordReplies(
        _ keyword: Keyword, word: String, practice: Practice, configuration: RoutingConfiguration,
        state: inout SessionState, batch: inout SessionBatch, now: Date
    ) -> [(body: String, compliance: Bool)]? {
        switch keyword {
        case .optOut:
            batch.subscriptionChanges += state.setSubscriptions(
                twoWay: false, reminders: false, actor: "client", method: "keyword \(word)", at: now)
            batch.subscriptions = state.subscriptions
            return configuration.carrierSendsOptOutConfirmation
                ? [] : [(Replies.optOutConfirmation(practiceName: practice.name), true)]
        case .optIn:
            // YES is an opt-in only for an opted-out number; otherwise it answers staff.
            if !state.subscriptions.isOptedOutOfAnything && word == "YES" { return nil }
            batch.subscriptionChanges += state.setSubscriptions(
                twoWay: true, reminders: true, actor: "client", method: "keyword \(word)", at: now)
            batch.subscriptions = state.subscriptions
            return [(Replies.optInConfirmation(practiceName: practice.name), false)]
        case .help:
            return [(Replies.help(practiceName: practice.name, practicePhone: practice.practicePhone.formatted), true)]
        }
    }

    /// A1/A2: the after-hours text, once per closed period, unless staff acted in this period.
    private func afterHoursReply(practice: Practice, conversation: inout ConversationRecord, now: Date) -> String? {
        guard let hours = practice.hours, !hours.isOpen(at: now) else { return nil }
        if let until = conversation.afterHoursOverrideUntil, now < until { return nil }
        let periodEnd = hours.closedPeriodEnd(at: now) ?? .distantFuture
        if conversation.afterHoursRepliedFor == periodEnd { return nil }
        conversation.afterHoursRepliedFor = periodEnd
        return Replies.afterHours(emergencyPhone: practice.emergencyPhone.formatted)
    }

    /// The profile the bot collected (A4), flagged when its email is new to the PMS (A5).
    private func collectedProfile(_ bot: ProfileCollection) async throws -> ClientProfile {
        var missing = false
        if let email = bot.email {
            missing = try await !store.directoryHasEmail(practice: practiceID, email: email)
        }
        return ClientProfile(
            id: ClientID(0), practiceID: practiceID, source: .bot, firstName: bot.firstName, lastName: bot.lastName,
            email: bot.email, phones: [phone], emailMissingFromPMS: missing)
    }
}

/// The store already held the inbound sid although this session had not seen it; the session
/// reloads and the router answers the carrier as for any duplicate.
struct DuplicateAfterReload: Error {}
