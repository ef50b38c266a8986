import Control
import Foundation
import HTTPTypes
import Hummingbird
import Operations
import TextingCore

/// Conversations of the signed-in account's practice: the list and a thread a keyset page at a
/// time, marking one read, starting one, a reply, ending one, opting its number out of 2-way
/// texting (S1–S7, C1, O1, W2, issue 12). The account's practice is the only one it can name:
/// another practice's conversation answers 404 `conversation.not_found`, exactly as one that
/// does not exist.
struct ConversationRoutes {
    let operations: Operations

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

    struct ReadBody: Decodable {
        /// The newest message staff have read; absent for the conversation's newest (issue 12).
        var through: Int64?
    }

    /// List page sizes: `limit` defaults to 50 and may be 1–200.
    static let defaultLimit = 50
    static let limits = 1...200
    /// Thread page sizes: `limit` defaults to 100 and may be 1–500.
    static let defaultThreadLimit = 100
    static let threadLimits = 1...500

    func add(to routes: APIRoutes, _ group: RouterGroup<StaffRequestContext>) {
        routes.on(.get, "conversations", in: group) { request, context in
            let caller = try context.requireSession().caller
            let query = request.uri.queryParameters
            let limit = try Self.limit(query, default: Self.defaultLimit, in: Self.limits)
            let all = query["all"].map { $0 == "true" || $0 == "1" } ?? false
            return try JSONResponse.make(try await operations.conversationPage(
                caller, all: all, after: query["after"].map(String.init), limit: limit))
        }
        routes.on(.post, "conversations", in: group) { request, context in
            let caller = try context.requireSession().caller
            let body = try await JSONResponse.decode(StartBody.self, from: request)
            let started = try await operations.startConversation(caller, ConversationStartCommand(
                practice: nil, staff: "", to: body.to, firstName: body.firstName, lastName: body.lastName,
                title: body.title ?? "", message: body.message, confirm: body.confirm, attachments: body.attachments))
            return try JSONResponse.make(started, status: .created)
        }
        routes.on(.get, "conversations/{id}", in: group) { request, context in
            let caller = try context.requireSession().caller
            let id = try Self.conversationID(context)
            let query = request.uri.queryParameters
            let limit = try Self.limit(query, default: Self.defaultThreadLimit, in: Self.threadLimits)
            var before: Int64?
            if let text = query["before"] {
                guard let number = Int64(text), number > 0 else {
                    throw StaffAPIError(.init(.badQuery, "before must be the olderCursor of a previous page."))
                }
                before = number
            }
            return try JSONResponse.make(
                try await operations.conversationThread(caller, conversation: id, before: before, limit: limit))
        }
        routes.on(.post, "conversations/{id}/read", in: group) { request, context in
            let caller = try context.requireSession().caller
            let id = try Self.conversationID(context)
            let body = try await JSONResponse.decode(ReadBody.self, from: request)
            return try JSONResponse.make(try await operations.markRead(caller, conversation: id, through: body.through))
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

    /// `limit` from the query: `fallback` when absent, else a whole number in `range`.
    static func limit(_ query: Parameters, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = query["limit"] else { return fallback }
        guard let number = Int(text), range.contains(number) else {
            throw StaffAPIError(.init(.badQuery, "limit must be a whole number from \(range.lowerBound) to \(range.upperBound)."))
        }
        return number
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
