import Control
import Crypto
import Foundation
import Routing
import TextingCore
import TextingStore

/// What the practice platform does through its API (issue 13): one PMS directory client at a
/// time (the CSV import's rules, R3, E8, S2, A5) and reminders by request with an idempotency
/// key (E5, A6, O2, O4), held for the client's quiet hours (Q1). Its token decides the practice.
extension Operations {
    /// Stores one directory client under its PMS id, inserting or updating it like a row of the
    /// CSV import (``DirectoryEntry``). Answers the stored client and whether it is new.
    ///
    /// - Throws: `directory.invalid_client` naming the field (`phones 1 of 1: …`).
    public func putDirectoryClient(_ caller: PlatformCaller, entry: DirectoryEntry) async throws -> (client: ClientInfo, created: Bool) {
        let practice = try await router.practice(caller.practice)
        let profile: ClientProfile
        switch entry.profile(practice: practice.id) {
        case .success(let checked):
            profile = checked
        case .failure(let problems):
            let sentence = problems.list.map { "\(Self.platformField($0.field)) \($0.detail)" }.joined(separator: "; ")
            throw TextingError(.invalidDirectoryClient, sentence + ".")
        }
        let existed = try await router.store.directoryClient(practice: practice.id, externalID: entry.clientID) != nil
        try await router.importDirectory(practice: practice.id, clients: [profile])
        guard let stored = try await router.store.directoryClient(practice: practice.id, externalID: entry.clientID) else {
            throw TextingError(.init("internal.error"), "The client was stored but could not be read back.")
        }
        return (try await clientInfo(stored, practice: practice), !existed)
    }

    /// The platform API's name of a directory field.
    static func platformField(_ field: DirectoryEntry.Field) -> String {
        switch field {
        case .clientID: "pmsId"
        case .firstName: "firstName"
        case .lastName: "lastName"
        case .email: "email"
        case .phones: "phones"
        case .appVersion: "appVersion"
        }
    }

    /// E5 by API: a reminder or appointment confirmation to `request.phone` from the practice's
    /// number, sent now or held until the client's quiet hours end (Q1). A repeat with the same
    /// `key` answers the first answer (a refusal too); the same key with another request is refused.
    ///
    /// - Throws: `request.idempotency_key`, `reminder.invalid`, `idempotency.conflict`,
    ///   `idempotency.in_progress`; the refusals of ``Router/sendReminder(practice:phone:body:)``
    ///   (`reminder.opted_out`, `texting.no_number`).
    public func requestReminder(_ caller: PlatformCaller, key: String, _ request: PlatformReminderRequest) async throws
        -> PlatformReminderInfo
    {
        try Self.checkIdempotencyKey(key)
        let practice = try await router.practice(caller.practice)
        let phone: PhoneNumber
        do {
            phone = try PhoneNumber(parsing: request.phone)
        } catch {
            throw TextingError(.invalidReminder, "phone: \(error.message)")
        }
        let body = request.body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty, !body.utf8.contains(0) else {
            throw TextingError(.invalidReminder, "body: the reminder's text is empty or contains a NUL character.")
        }
        guard body.count <= TextLimits.maximumBodyCharacters else {
            throw TextingError(.invalidReminder,
                               "body: \(body.count) characters; a text can have at most \(TextLimits.maximumBodyCharacters).")
        }
        guard ["reminder", "confirmation"].contains(request.kind) else {
            throw TextingError(.invalidReminder, "kind: must be \"reminder\" or \"confirmation\".")
        }
        let now = environment.now()
        let fingerprint = Self.fingerprint([phone.e164, body, request.kind, request.pmsClientId ?? ""])
        if let stored = try await router.store.reminderRequest(practice: practice.id, key: key) {
            return try Self.repeatAnswer(stored, fingerprint: fingerprint)
        }
        let (sendAt, zone) = environment.reminderWindow(practice.id).sendTime(to: phone, practice: practice, requestedAt: now)
        let atOnce = sendAt <= now
        var reminder = ScheduledReminder(
            practiceID: practice.id, key: key, fingerprint: fingerprint, phone: phone, body: body, kind: request.kind,
            pmsClientID: request.pmsClientId, requestedAt: now, sendAt: atOnce ? now : sendAt, timeZone: zone.identifier,
            state: atOnce ? .sending : .scheduled, claimedUntil: atOnce ? now.addingTimeInterval(Self.reminderLease) : nil,
            claimedAt: atOnce ? now : nil)
        // O2/O4 now, so the platform learns a refusal at once; checked again at send time.
        let refusal = try await reminderRefusal(practice: practice, phone: phone)
        if let refusal {
            reminder.state = .refused
            reminder.sendAt = now  // answered at once: a repeat gives the refusal again
            reminder.claimedUntil = nil
            reminder.refusalCode = refusal.code.rawValue
            reminder.refusalMessage = refusal.message
        }
        let (stored, created) = try await router.store.recordReminderRequest(reminder)
        guard created else { return try Self.repeatAnswer(stored, fingerprint: fingerprint) }
        if let refusal { throw refusal }
        guard atOnce else { return PlatformReminderInfo(stored) }
        let finished = try await sendClaimedReminder(stored, takenOver: false)
        if finished.state == .refused { throw Self.refusal(of: finished) }
        return PlatformReminderInfo(finished)
    }

    /// Sends the reminders that are due (held ones whose quiet hours ended, and claims left by
    /// a daemon that died), at most `limit`; answers how many it finished.
    public func sendDueReminders(limit: Int = 50) async throws -> Int {
        let now = environment.now()
        let due = try await router.store.claimDueReminders(
            now: now, leaseUntil: now.addingTimeInterval(Self.reminderLease), limit: limit)
        var finished = 0
        for reminder in due {
            do {
                // A claim that ran out keeps its first time: it was taken over from a sender that stopped.
                _ = try await sendClaimedReminder(reminder, takenOver: (reminder.claimedAt ?? now) < now)
                finished += 1
            } catch {
                logger.warning("held reminder not sent; it is tried again when its claim runs out", metadata: [
                    "event": "reminder_send_failed", "reminder_id": "\(reminder.id)", "error": "\(error)",
                ])
            }
        }
        return finished
    }

    /// When the next held reminder is due, for the scheduler's sleep.
    public func nextReminderDue() async throws -> Date? {
        try await router.store.nextReminderSendTime()
    }

    /// Forgets finished reminder requests older than `keep` (at least 24 hours: their keys).
    public func pruneReminderRequests(keep: TimeInterval = 7 * 86_400) async throws -> Int {
        try await router.store.pruneReminderRequests(before: environment.now().addingTimeInterval(-max(keep, 86_400)))
    }

    /// How long a claim on a reminder holds before another sender may take it over (a daemon
    /// that died while sending).
    static let reminderLease: TimeInterval = 120

    /// Claim → send → mark. A reminder `takenOver` (its first claim ran out) is first looked up
    /// among the reminders committed since that claim, so one sent just before a crash is marked,
    /// not sent again. O2/O4 and the number are checked again by the session, at send time.
    func sendClaimedReminder(_ reminder: ScheduledReminder, takenOver: Bool) async throws -> ScheduledReminder {
        let finish = { (state: ScheduledReminder.State, message: MessageID?, error: TextingError?) async throws -> ScheduledReminder in
            var done = reminder
            done.state = state
            done.messageID = message
            done.refusalCode = error?.code.rawValue
            done.refusalMessage = error?.message
            return try await self.router.store.finishReminder(
                id: reminder.id, state: state, message: message, refusalCode: error?.code.rawValue,
                refusalMessage: error?.message) ?? done
        }
        if takenOver, let claimedAt = reminder.claimedAt,
           let message = try await router.store.sentReminderMessage(
               practice: reminder.practiceID, phone: reminder.phone, body: reminder.body, since: claimedAt)
        {
            return try await finish(.sent, message, nil)
        }
        do {
            let message = try await router.sendReminder(practice: reminder.practiceID, phone: reminder.phone, body: reminder.body)
            logger.info("reminder sent", metadata: [
                "event": "reminder_sent", "reminder_id": "\(reminder.id)", "practice_id": "\(reminder.practiceID)",
            ])
            return try await finish(.sent, message, nil)
        } catch let error as TextingError where !error.code.rawValue.hasPrefix("internal.") && !error.code.rawValue.hasPrefix("store.") {
            logger.notice("reminder refused", metadata: [
                "event": "reminder_refused", "reminder_id": "\(reminder.id)", "code": "\(error.code.rawValue)",
            ])
            return try await finish(.refused, nil, error)
        }
    }

    /// Why a reminder to `phone` would be refused now (O2/O4: opted out of reminders; no number).
    private func reminderRefusal(practice: Practice, phone: PhoneNumber) async throws -> TextingError? {
        if practice.number.usable == nil {
            return TextingError(.init("texting.no_number"), "The practice has no texting number yet; request one first.")
        }
        let subscriptions = try await router.subscriptions(practice: practice.id, phone: phone)
        if !subscriptions.reminders {
            return TextingError(.init("reminder.opted_out"),
                                "\(phone.formatted) opted out of reminders; it must text START to opt back in.")
        }
        return nil
    }

    /// The first answer to a request, given again for a repeat with the same key.
    static func repeatAnswer(_ stored: ScheduledReminder, fingerprint: String) throws -> PlatformReminderInfo {
        guard stored.fingerprint == fingerprint else {
            throw TextingError(.idempotencyConflict,
                               "This Idempotency-Key was used for a different reminder; use a new key for a new reminder.")
        }
        let heldFirst = stored.sendAt > stored.requestedAt
        if stored.state == .refused, !heldFirst { throw refusal(of: stored) }
        if !heldFirst, stored.state == .sending || stored.state == .scheduled {
            throw TextingError(.idempotencyInProgress, "The first request with this Idempotency-Key is still being sent; repeat it in a moment.")
        }
        return PlatformReminderInfo(stored)
    }

    static func refusal(of reminder: ScheduledReminder) -> TextingError {
        TextingError(.init(reminder.refusalCode ?? "reminder.refused"), reminder.refusalMessage ?? "The reminder was not sent.")
    }

    /// 1 to 255 printable ASCII characters.
    static func checkIdempotencyKey(_ key: String) throws(TextingError) {
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw TextingError(.idempotencyKey,
                               "The Idempotency-Key header is required: 1 to 255 printable ASCII characters, e.g. a UUID.")
        }
    }

    static func fingerprint(_ parts: [String]) -> String {
        SHA256.hash(data: Data(parts.joined(separator: "\u{1F}").utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

extension TextingError.Code {
    /// A directory client sent by the platform breaks a rule of the directory (names the field).
    public static let invalidDirectoryClient = TextingError.Code("directory.invalid_client")
    /// A reminder request is not one (names the field).
    public static let invalidReminder = TextingError.Code("reminder.invalid")
    /// The `Idempotency-Key` header is missing or not 1-255 printable ASCII characters.
    public static let idempotencyKey = TextingError.Code("request.idempotency_key")
    /// The key was used for a different request.
    public static let idempotencyConflict = TextingError.Code("idempotency.conflict")
    /// The first request with the key is still being processed.
    public static let idempotencyInProgress = TextingError.Code("idempotency.in_progress")
}
