import Foundation
import TextingCore
import TextingStore

/// The one actor that owns a (practice, phone number) pair: its active conversation, its
/// subscriptions, its profile bot and its after-hours marks.
///
/// Every text from the number and every staff action on it passes through here one at a time,
/// in arrival order, and returns only after its effects are committed. That is what makes S5
/// (one active conversation per number) and A1 (one after-hours reply per closed period) hold
/// under concurrent webhooks. State lives in memory between texts and is rebuilt from the store
/// after eviction or a failed write.
actor PhoneSession {
    let practiceID: PracticeID
    let phone: PhoneNumber
    /// Shared by every session: one reference here instead of the store's existential keeps a
    /// live number's footprint small (a million may be live).
    let environment: SessionEnvironment
    var store: any MessageStore { environment.store }

    var state: SessionState?
    private(set) var lastUsed: Date
    private var retired = false
    /// Set when data the session caches changed behind its back (a directory import); the next
    /// call reloads from the store.
    private var stale = false
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(practiceID: PracticeID, phone: PhoneNumber, environment: SessionEnvironment, now: Date) {
        self.practiceID = practiceID
        self.phone = phone
        self.environment = environment
        self.lastUsed = now
    }

    /// Runs `body` after every earlier call finished, with the state loaded. If the body throws,
    /// the in-memory state is dropped so the next call starts from what the store holds.
    func serially<T: Sendable>(now: Date, _ body: (inout SessionState) async throws -> T) async throws -> T {
        if busy {
            await withCheckedContinuation { waiters.append($0) }
        } else {
            busy = true
        }
        defer {
            if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
        }
        if retired { throw SessionRetired() }
        if stale {
            state = nil
            stale = false
        }
        lastUsed = max(lastUsed, now)
        var current: SessionState
        if let state {
            current = state
        } else {
            current = SessionState(try await store.loadSession(practice: practiceID, phone: phone, now: now))
        }
        current.forgetOldReminders(now: now)
        do {
            let result = try await body(&current)
            state = current
            return result
        } catch {
            state = nil
            throw error
        }
    }

    /// Makes the next call start from what the store holds.
    func invalidate() {
        stale = true
    }

    /// Marks the session retired when nothing runs or waits and it was unused for `timeout`.
    /// A retired session refuses further calls, so the router can drop it safely.
    func retireIfIdle(now: Date, timeout: Duration) -> Bool {
        guard !busy, waiters.isEmpty, now.timeIntervalSince(lastUsed) >= Double(timeout.components.seconds) else {
            return false
        }
        retired = true
        return true
    }

    /// Builds an outbound draft from the practice's number.
    func outbound(
        _ body: String, author: MessageAuthor, practice: Practice, state: SessionState, channel: Channel = .text,
        compliance: Bool = false, inConversation: Bool = true, isReminder: Bool = false, media: [MediaAttachment] = [],
        now: Date
    ) -> MessageDraft {
        MessageDraft(
            direction: .outbound, channel: channel, author: author, clientName: state.profile?.displayName, body: body,
            inConversation: inConversation, media: media, sendFrom: channel == .text ? practice.number.usable : nil,
            compliance: compliance, isReminder: isReminder, createdAt: now)
    }
}
