import Foundation
import TextingCore

/// What the pet owner's app channel keeps (P1–P3).
///
/// A conversation is the client's when it carries the client's id or is on one of the client's
/// numbers (a number shared by a household shares its conversations, as texting does). The
/// client's read mark is the client's own, apart from the front desk's.
public protocol AppChannelStore: Sendable {
    /// The practice's PMS directory client with `externalID` (the id the practice platform puts in
    /// an app token's `sub`), with its numbers; nil when the directory has none.
    func directoryClient(practice: PracticeID, externalID: String) async throws -> ClientProfile?
    /// The client's conversations in the practice, newest activity first (then newest id), at most
    /// `limit`: those with `client`'s id or on one of `phones`, each with its newest message and the
    /// messages to the client the client has not read.
    func clientConversations(practice: PracticeID, client: ClientID, phones: [PhoneNumber], limit: Int) async throws
        -> [ClientConversationSummary]
    /// One conversation as ``clientConversations(practice:client:phones:limit:)`` lists it (its
    /// client name is `client`'s), whoever's it is; nil when there is none.
    func clientConversation(_ id: ConversationID, client: ClientID) async throws -> ClientConversationSummary?
    /// Moves the client's read mark of `conversation` forward to `through` (never back), stamped
    /// `at` when it moves. Nil when `through` is not a message of the conversation.
    func markReadByClient(conversation: ConversationID, through: MessageID, at: Date) async throws -> ClientReadMark?
}
