import Foundation
import TextingCore

/// Durable storage for everything the daemon must never lose (D3).
///
/// Routing talks only to this protocol, so another database can replace SQLite without changes
/// there. Every write returns after it is durable. Implementations must be safe to call from many
/// tasks at once and should let concurrent writes share a commit.
public protocol MessageStore: Sendable, EventOutboxStore, AppChannelStore, ReminderScheduleStore, AppNudgeStore,
    SharedWorkStore {
    // MARK: Practices
    /// All practices; small enough to keep in memory.
    func practices() async throws -> [Practice]
    /// Inserts a practice; the id in `practice` is ignored.
    func createPractice(_ practice: Practice) async throws -> Practice
    /// Rewrites a practice's settings. A texting number already used by another practice is
    /// refused (E2: a number belongs to at most one practice).
    func updatePractice(_ practice: Practice) async throws
    /// Deletes a practice that has nothing stored of its own (no conversation, message, client,
    /// staff account, reminder, outbox row, file or charge); otherwise throws `practice.in_use`
    /// and changes nothing.
    func deleteUnusedPractice(_ id: PracticeID) async throws
    /// Records a one-time charge in integer cents (E7).
    func recordCharge(practice: PracticeID, kind: String, amountCents: Int, at: Date) async throws

    // MARK: Sessions
    /// What a phone session of (practice, phone) starts from.
    func loadSession(practice: PracticeID, phone: PhoneNumber, now: Date) async throws -> SessionSnapshot
    /// Writes a session's batch atomically and durably.
    func commit(_ batch: SessionBatch) async throws -> SessionCommit
    /// Stores a text to a number that belongs to no practice, unrouted (E4, D3). Returns false
    /// when its carrier id was already stored (R6).
    func storeOrphan(_ message: MessageDraft, phone: PhoneNumber, practiceNumber: PhoneNumber) async throws -> Bool

    // MARK: Reads for staff
    func conversation(_ id: ConversationID) async throws -> ConversationRecord?
    func conversations(practice: PracticeID, activeOnly: Bool) async throws -> [ConversationRecord]
    func messages(conversation: ConversationID) async throws -> [MessageRecord]
    /// A page of the practice's conversation list (the staff inbox, issue 12): active first,
    /// then newest activity (``ConversationSummary/lastActivityAt``), then newest id; each row
    /// with its client's name (R3), newest message and unread count, all in one read. `after`
    /// is the previous page's ``ConversationListPage/next``; `limit` rows at most.
    func conversationList(practice: PracticeID, activeOnly: Bool, after: ConversationListCursor?, limit: Int) async throws
        -> ConversationListPage
    /// The newest `limit` messages of a conversation before the message `before` (the newest
    /// when nil), oldest first, and whether older ones remain.
    func messages(conversation: ConversationID, before: MessageID?, limit: Int) async throws -> MessagePage
    /// Moves the conversation's read mark forward to `through` (never back), for the whole
    /// practice. Nil when `through` is not a message of the conversation; otherwise the mark
    /// now in force and the inbound messages still unread after it.
    func markRead(conversation: ConversationID, through: MessageID) async throws -> ReadMark?
    /// Messages of a practice (or orphans when nil) that are not part of any conversation.
    func messagesOutsideConversations(practice: PracticeID?) async throws -> [MessageRecord]
    func message(_ id: MessageID) async throws -> MessageRecord?
    func subscriptions(practice: PracticeID, phone: PhoneNumber) async throws -> Subscriptions
    func subscriptionHistory(practice: PracticeID, phone: PhoneNumber) async throws -> [SubscriptionChange]
    func profile(_ id: ClientID) async throws -> ClientProfile?
    /// The PMS directory holds this email for the practice (A5).
    func directoryHasEmail(practice: PracticeID, email: String) async throws -> Bool
    /// Inserts or updates PMS directory rows by external id, all or nothing.
    func upsertDirectory(practice: PracticeID, clients: [ClientProfile]) async throws
    /// Clients by last name, case-insensitive, with a textable number (S3).
    func clients(practice: PracticeID, lastName: String) async throws -> [ClientProfile]

    // MARK: Outbox (D2)
    /// Outbox rows due at `now`, fair over sender numbers: of every sender number but those in
    /// `skipping`, its first `perSender` due rows (by next attempt, then id), less those in
    /// `excluding` (rows the caller already holds; they still count against `perSender`, so one
    /// number's backlog never fills a read and a caller holding a number's first `perSender` rows
    /// gets none of its others). Only `pending` rows are returned: a `sending` row is claimed
    /// (``markSending(_:)``) but counts against `perSender`. Oldest first, with the earliest
    /// attempt still to come.
    func dueOutbox(now: Date, perSender: Int, excluding: Set<Int64>, skipping: Set<PhoneNumber>) async throws
        -> DueOutbox
    /// Number of rows not yet sent or failed.
    func outboxDepth() async throws -> Int
    /// Claims the row for one send: marks it handed to the carrier (state `sending`, one more
    /// attempt) before the request is made. Only a `pending` row can be claimed, so of two
    /// callers claiming the same row one gets true and the other false; a caller that gets false
    /// must not send the row (someone else is sending it, or it is already done or failed).
    @discardableResult
    func markSending(_ item: OutboxItem) async throws -> Bool
    /// Puts the rows left `sending` by an earlier run back to `pending` (a send that was under
    /// way at a crash or kill, whose outcome nobody recorded) and returns how many. Only the
    /// outbox's one sender calls it: before its first read, and after an outcome it could not
    /// record (its reads leave out the rows it holds, so it does not claim those twice). Called
    /// by anyone else it would make a row another sender holds claimable again.
    ///
    /// A store shared by several daemons (M1) gives every claim a lease instead: only rows
    /// whose lease ran out (their daemon died, or is too slow to be trusted) go back, so any
    /// daemon may call it at any time; the outbox sender calls it at every read there.
    func resumeInterruptedSends() async throws -> Int
    func recordSend(_ item: OutboxItem, outcome: SendOutcome) async throws
    /// Applies a carrier status callback; only forward moves are stored (C3). Returns the
    /// message when it changed. A status for a carrier id not recorded yet (the callback raced
    /// the send's answer) is kept and applied by ``recordSend(_:outcome:)``.
    func updateDelivery(carrierSID: String, state: DeliveryState, errorCode: Int?) async throws -> MessageRecord?

    // MARK: Media (R4, R5)
    // A message's attachments get their ids and `media` rows in the message's own transaction
    // (``commit(_:)``, ``storeOrphan(_:phone:practiceNumber:)``): inbound ones pending, outbound
    // ones stored.
    /// Pending downloads due at `now`, oldest first. A store shared by several daemons hands
    /// each to one caller only, until a lease runs out (the caller died) or its attempt is
    /// recorded.
    func dueMediaDownloads(now: Date, limit: Int) async throws -> [MediaRecord]
    /// Records a download attempt on a pending file and shows its outcome in the message's media
    /// list. A file already stored or failed is left as it is.
    func recordMediaDownload(_ id: String, outcome: MediaDownloadOutcome) async throws
    /// The file with `id`, whatever its state.
    func media(_ id: String) async throws -> MediaRecord?
}

/// What ``MessageStore/dueOutbox(now:perSender:excluding:skipping:)`` found.
public struct DueOutbox: Sendable, Equatable {
    /// The due rows, oldest first.
    public var items: [OutboxItem]
    /// The earliest next attempt after `now` of a row not yet sent or failed (a retry waiting
    /// for its time), if any: when the outbox has rows due without being written to again.
    public var nextAttemptAt: Date?

    public init(items: [OutboxItem], nextAttemptAt: Date?) {
        self.items = items
        self.nextAttemptAt = nextAttemptAt
    }
}
