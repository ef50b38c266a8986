import Foundation
import TextingCore
import TextingStore

/// What practice admins change (E1–E3, E7, A3, the PMS directory) and what staff read
/// (conversations, messages, profiles, subscriptions, client search). The control socket and,
/// later, the HTTP API call these; the rules live here so both behave the same.
///
/// Settings changes run one at a time (read, change, store), so two admins changing the same
/// practice at once never undo each other. Reads go straight to the store and never wait for
/// the router, and each checks that what it returns belongs to the practice asked about (D4).
extension Router {
    // MARK: - Practice settings (E1)

    /// Changes the given settings; nil leaves one as it is. A new time zone moves the
    /// conversation hours with it (same wall-clock times, A3).
    public func changeSettings(
        practice id: PracticeID, name: String? = nil, country: PhoneCountry? = nil, timeZone: TimeZone? = nil,
        practicePhone: PhoneNumber? = nil, emergencyPhone: PhoneNumber? = nil
    ) async throws -> Practice {
        try await changePractice(id) { practice in
            if let name { practice.name = name }
            if let country { practice.country = country }
            if let timeZone {
                practice.timeZone = timeZone
                practice.hours?.timeZone = timeZone
            }
            if let practicePhone { practice.practicePhone = practicePhone }
            if let emergencyPhone { practice.emergencyPhone = emergencyPhone }
        }
    }

    /// Turns app chat on or off. Turning it off keeps an assigned number; conversations then go
    /// by text (S2).
    public func setAppChat(practice id: PracticeID, enabled: Bool) async throws -> Practice {
        try await changePractice(id) { $0.appChatEnabled = enabled }
    }

    // MARK: - Numbers (E2, E3, E7)

    /// E2: assigns a dedicated toll-free number that `provision` obtains from the carrier for
    /// the practice's country, given the numbers practices already hold (in any state). Only
    /// while app chat is on, and only for a practice without a number.
    public func requestNumber(
        practice id: PracticeID,
        provision: @Sendable (_ country: PhoneCountry, _ taken: Set<PhoneNumber>) async throws -> PhoneNumber
    ) async throws -> Practice {
        try await serializedChange { router in
            var practice = try router.practice(id)
            guard practice.appChatEnabled else {
                throw TextingError(.init("number.app_chat_required"),
                                   "A texting number can be requested only while app chat is enabled; enable app chat first.")
            }
            try Self.requireNoNumber(practice)
            let taken = Set(router.allPractices().compactMap { Self.heldNumber($0.number) })
            practice.number = .assigned(try await provision(practice.country, taken))
            try await router.updatePractice(practice)
            return practice
        }
    }

    /// E7: asks to text from the practice's own `number`, now served by `carrier`. An eligible
    /// carrier sets the state to port requested and records the setup fee; an ineligible one is
    /// refused (`number.port_ineligible`) and nothing is charged. Only for a practice without a
    /// texting number: one that texts from an assigned number keeps it.
    public func requestPort(
        practice id: PracticeID, number: PhoneNumber, carrier: String, policy: PortingPolicy
    ) async throws -> Practice {
        try await serializedChange { router in
            let before = try router.practice(id)
            try Self.requireNoNumber(before)
            guard let eligible = policy.eligibleCarrier(named: carrier) else {
                let name = carrier.trimmingCharacters(in: .whitespacesAndNewlines)
                throw TextingError(.init("number.port_ineligible"),
                                   "Numbers with \(name.isEmpty ? "an unnamed carrier" : name) cannot be configured for texting "
                                       + "(eligible carriers: \(policy.eligibleCarriers.joined(separator: ", "))). "
                                       + "Nothing was charged; request a toll-free number instead.")
            }
            if let owner = router.allPractices().first(where: { $0.id != id && Self.heldNumber($0.number) == number }) {
                throw TextingError(.init("practice.number_taken"),
                                   "\(number.formatted) already belongs to practice \(owner.id).")
            }
            var after = before
            after.number = .portRequested(number, carrier: eligible)
            try await router.updatePractice(after)
            do {
                try await router.store.recordCharge(practice: id, kind: PortingPolicy.chargeKind,
                                                    amountCents: policy.setupFeeCents, at: router.clock())
            } catch {
                try? await router.updatePractice(before)  // no port without its fee: undo, report the failure
                throw error
            }
            return after
        }
    }

    /// E7: the requested port is done; the practice's own number now carries its texts.
    public func completePort(practice id: PracticeID) async throws -> Practice {
        try await changePractice(id) { practice in
            guard case .portRequested(let number, _) = practice.number else {
                throw TextingError(.init("number.no_port_requested"),
                                   "The practice has no port in progress (its number state is \(practice.number.stateName)).")
            }
            practice.number = .ported(number)
        }
    }

    /// E3: turns 2-way texting on or off. On needs an assigned or ported number; off is always
    /// allowed (later texts are stored unrouted, E4).
    public func setTexting(practice id: PracticeID, enabled: Bool) async throws -> Practice {
        try await changePractice(id) { practice in
            if enabled {
                switch practice.number {
                case .assigned, .ported:
                    break
                case .none:
                    throw TextingError(.init("texting.no_number"),
                                       "2-way texting needs a texting number first: enable app chat and request a number "
                                           + "(or port the practice's own number), then enable texting.")
                case .portRequested(let number, _):
                    throw TextingError(.init("texting.port_pending"),
                                       "The port of \(number.formatted) is not complete yet; 2-way texting can be enabled once "
                                           + "it is marked complete.")
                }
            }
            practice.textingEnabled = enabled
        }
    }

    // MARK: - Conversation hours (A3)

    /// Replaces the intervals that start on `day`; empty: closed that day. A practice without
    /// hours gets a schedule in which every other day is closed.
    public func setHours(practice id: PracticeID, day: Weekday, intervals: [OpenInterval]) async throws -> Practice {
        try await changePractice(id) { practice in
            var hours = practice.hours ?? ConversationHours(timeZone: practice.timeZone)
            hours.weekly[day] = intervals.isEmpty ? nil : intervals
            practice.hours = hours
        }
    }

    /// Sets the exception of `date`, or removes it when `exception` is nil.
    public func setHoursException(
        practice id: PracticeID, date: LocalDate, exception: HoursException?
    ) async throws -> Practice {
        try await changePractice(id) { practice in
            var hours = practice.hours ?? ConversationHours(timeZone: practice.timeZone)
            hours.exceptions[date] = exception
            practice.hours = hours
        }
    }

    /// Removes every hour and exception: always open, no after-hours replies.
    public func clearHours(practice id: PracticeID) async throws -> Practice {
        try await changePractice(id) { $0.hours = nil }
    }

    // MARK: - PMS directory and reminders

    /// Inserts or updates directory rows by their PMS id, all or nothing (R3, S3, A5). The
    /// practice's live phone sessions reload, so the next text is named from the new directory.
    public func importDirectory(practice id: PracticeID, clients: [ClientProfile]) async throws {
        _ = try practice(id)
        try await store.upsertDirectory(practice: id, clients: clients)
        await invalidateSessions(practice: id)
    }

    /// E5 as typed by a person: checked against the content policy first (S7), then sent like
    /// ``sendReminder(practice:phone:body:)``.
    public func sendReminder(
        practice id: PracticeID, phone: PhoneNumber, body: String, confirmWarnings: Bool
    ) async throws -> MessageID? {
        try PhoneSession.checkPolicy(body, configuration, confirmWarnings)
        return try await sendReminder(practice: id, phone: phone, body: body)
    }

    // MARK: - Reads for staff (D4: only the practice's own data)

    /// The conversation with `id`, refused as not found when it belongs to another practice.
    public nonisolated func conversation(_ id: ConversationID, practice: PracticeID) async throws -> ConversationRecord {
        guard let conversation = try await store.conversation(id), conversation.practiceID == practice else {
            throw TextingError(.init("conversation.not_found"), "Practice \(practice) has no conversation \(id).")
        }
        return conversation
    }

    /// Every message of a conversation of `practice`, oldest first.
    public nonisolated func messages(conversation id: ConversationID, practice: PracticeID) async throws -> [MessageRecord] {
        _ = try await conversation(id, practice: practice)
        return try await store.messages(conversation: id)
    }

    /// The profile with `id` when it belongs to `practice`.
    public nonisolated func profile(_ id: ClientID, practice: PracticeID) async throws -> ClientProfile? {
        guard let profile = try await store.profile(id), profile.practiceID == practice else { return nil }
        return profile
    }

    /// What routing knows about a number now: its active conversation, subscriptions and the
    /// profile R3's lookup finds.
    public nonisolated func numberSnapshot(practice: PracticeID, phone: PhoneNumber) async throws -> SessionSnapshot {
        try await store.loadSession(practice: practice, phone: phone, now: clock())
    }

    /// Every recorded subscription change of a number, oldest first (O4).
    public nonisolated func subscriptionHistory(practice: PracticeID, phone: PhoneNumber) async throws -> [SubscriptionChange] {
        try await store.subscriptionHistory(practice: practice, phone: phone)
    }

    /// Clients by last name with a number (S3).
    public nonisolated func searchClients(practice: PracticeID, lastName: String) async throws -> [ClientProfile] {
        try await store.clients(practice: practice, lastName: lastName)
    }

    /// A number's subscriptions (O4).
    public nonisolated func subscriptions(practice: PracticeID, phone: PhoneNumber) async throws -> Subscriptions {
        try await store.subscriptions(practice: practice, phone: phone)
    }

    /// The router's "now", which the rules use (tests move it).
    public nonisolated func currentTime() -> Date { clock() }

    /// App versions below this cannot chat (S2), as currently configured.
    public var minimumAppVersion: AppVersion { configuration.minimumAppVersion }

    /// Outbound messages not yet handed to the carrier (D2).
    public nonisolated func outboxDepth() async throws -> Int {
        try await store.outboxDepth()
    }

    // MARK: - Helpers

    /// Reads the practice, applies `change` and stores the result, after every earlier settings
    /// change finished.
    private func changePractice(_ id: PracticeID, _ change: @Sendable (inout Practice) throws -> Void) async throws -> Practice {
        try await serializedChange { router in
            var practice = try router.practice(id)
            try change(&practice)
            try await router.updatePractice(practice)
            return practice
        }
    }

    /// Runs `body` when no other settings change runs. `updatePractice` suspends while the
    /// store writes, and the router would otherwise let a second change read the old settings
    /// in that moment.
    private func serializedChange<T: Sendable>(_ body: (isolated Router) async throws -> T) async throws -> T {
        await SettingsGate.shared.enter()
        do {
            let result = try await body(self)
            await SettingsGate.shared.leave()
            return result
        } catch {
            await SettingsGate.shared.leave()
            throw error
        }
    }

    private static func requireNoNumber(_ practice: Practice) throws {
        switch practice.number {
        case .none:
            return
        case .assigned(let number), .ported(let number):
            throw TextingError(.init("number.already_assigned"),
                               "The practice already texts from \(number.formatted) (\(practice.number.stateName)).")
        case .portRequested(let number, _):
            throw TextingError(.init("number.already_assigned"),
                               "The practice already asked to text from \(number.formatted); the port is in progress.")
        }
    }

    /// The number a practice holds in any state but `none` (E2: at most one practice each).
    private static func heldNumber(_ number: TextingNumber) -> PhoneNumber? {
        switch number {
        case .none: nil
        case .assigned(let n), .ported(let n), .portRequested(let n, _): n
        }
    }
}

/// Admits one settings change at a time, first come first served. Shared by every router of
/// the process; changes are rare, so one queue costs nothing.
private actor SettingsGate {
    static let shared = SettingsGate()
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        if busy {
            await withCheckedContinuation { waiters.append($0) }
        } else {
            busy = true
        }
    }

    func leave() {
        if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
    }
}
