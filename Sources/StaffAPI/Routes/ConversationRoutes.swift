import Control
import Foundation
import HTTPTypes
import Hummingbird
import Operations
import TextingCore

/// Conversations of the signed-in account's practice: the list, one thread, starting one, a
/// reply, ending one, opting its number out of 2-way texting (S1–S7, C1, O1, W2). The account's practice is the only one it can name: another practice's conversation
/// answers 404 `conversation.not_found`, exactly as one that does not exist.
struct ConversationRoutes {
    let operations: Operations

    /// A page of the list: newest conversation first; `nextCursor` is the `after` of the next
    /// page, null on the last one.
    struct Page: Encodable {
        var conversations: [ConversationInfo]
        var nextCursor: String?

        enum CodingKeys: String, CodingKey { case conversations, nextCursor }

        /// Writes `nextCursor` as null on the last page instead of leaving it out.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(conversations, forKey: .conversations)
            try container.encode(nextCursor, forKey: .nextCursor)
        }
    }

    struct StartBody: Decodable {
        /// The client's number, any usual form (S4).
        var to: String
        /// The conversation's title; empty takes the client's name or the number (R3).
        var title: String?
        /// Both, to create the profile of an unknown number (S4).
        var firstName: String?
        var lastName: String?
        var message: String?
        var confirm: Bool?
        var attachments: [String]?
    }

    struct ReplyBody: Decodable {
        var message: String?
        /// True to send a message the content policy only warns about (S7).
        var confirm: Bool?
        /// Ids of finished uploads (R5).
        var attachments: [String]?
    }

    /// Page sizes: `limit` defaults to 50 and may be 1–200.
    static let defaultLimit = 50
    static let limits = 1...200

    func add(to routes: APIRoutes, _ group: RouterGroup<StaffRequestContext>) {
        routes.on(.get, "conversations", in: group) { request, context in
            let caller = try context.requireSession().caller
            let (limit, after) = try Self.page(request.uri.queryParameters)
            let all = request.uri.queryParameters["all"].map { $0 == "true" || $0 == "1" } ?? false
            let list = try await operations.listConversations(caller, ConversationListCommand(practice: nil, all: all))
            return try JSONResponse.make(Self.page(of: list.conversations, limit: limit, after: after))
        }
        routes.on(.post, "conversations", in: group) { request, context in
            let caller = try context.requireSession().caller
            let body = try await JSONResponse.decode(StartBody.self, from: request)
            let started = try await operations.startConversation(caller, ConversationStartCommand(
                practice: nil, staff: "", to: body.to, firstName: body.firstName, lastName: body.lastName,
                title: body.title ?? "", message: body.message, confirm: body.confirm, attachments: body.attachments))
            return try JSONResponse.make(started, status: .created)
        }
        routes.on(.get, "conversations/{id}", in: group) { _, context in
            let caller = try context.requireSession().caller
            let id = try Self.conversationID(context)
            return try JSONResponse.make(
                try await operations.showConversation(caller, ConversationShowCommand(practice: nil, conversation: id)))
        }
        routes.on(.post, "conversations/{id}/messages", in: group) { request, context in
            let caller = try context.requireSession().caller
            let id = try Self.conversationID(context)
            let body = try await JSONResponse.decode(ReplyBody.self, from: request)
            let sent = try await operations.reply(caller, ConversationReplyCommand(
                practice: nil, staff: "", conversation: id, message: body.message, confirm: body.confirm,
                attachments: body.attachments))
            return try JSONResponse.make(sent, status: .created)
        }
        routes.on(.post, "conversations/{id}/end", in: group) { _, context in
            let caller = try context.requireSession().caller
            let id = try Self.conversationID(context)
            return try JSONResponse.make(
                try await operations.endConversation(caller, ConversationEndCommand(practice: nil, staff: "", conversation: id)))
        }
        routes.on(.post, "conversations/{id}/opt-out", in: group) { _, context in
            let caller = try context.requireSession().caller
            let id = try Self.conversationID(context)
            return try JSONResponse.make(
                try await operations.optOut(caller, ConversationOptOutCommand(practice: nil, staff: "", conversation: id)))
        }
    }

    /// Keyset paging over conversation ids, newest first: `after` is the id of the last
    /// conversation of the previous page.
    static func page(of conversations: [ConversationInfo], limit: Int, after: Int64?) -> Page {
        let newestFirst = conversations.sorted { $0.id > $1.id }
        let remaining = after.map { cursor in newestFirst.filter { $0.id < cursor } } ?? newestFirst
        let page = Array(remaining.prefix(limit))
        let more = remaining.count > limit
        return Page(conversations: page, nextCursor: more ? page.last.map { String($0.id) } : nil)
    }

    /// `limit` and `after` from the query.
    static func page(_ query: Parameters) throws -> (limit: Int, after: Int64?) {
        var limit = defaultLimit
        if let text = query["limit"] {
            guard let number = Int(text), limits.contains(number) else {
                throw StaffAPIError(.init(.badQuery, "limit must be a whole number from 1 to 200."))
            }
            limit = number
        }
        var after: Int64?
        if let text = query["after"] {
            guard let number = Int64(text), number > 0 else {
                throw StaffAPIError(.init(.badQuery, "after must be the nextCursor of a previous page."))
            }
            after = number
        }
        return (limit, after)
    }

    /// The `{id}` of the path; anything but a positive whole number is a conversation that does
    /// not exist.
    static func conversationID(_ context: StaffRequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id", as: Int64.self), id > 0 else {
            throw StaffAPIError(.init(.init("conversation.not_found"), "There is no such conversation."))
        }
        return id
    }
}

extension TextingError.Code {
    /// A query parameter is not what the route accepts.
    public static let badQuery = TextingError.Code("request.invalid_query")
}
