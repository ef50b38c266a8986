import Foundation
import HTTPTypes
import Hummingbird
import Operations
import Routing
import TextingCore

/// The pet owner's app (P1, P2) under `/app/v1`, each route behind ``AppTokenMiddleware``: the
/// client's conversations, a thread a page at a time, a message to the practice, marking a
/// conversation read, and the live changes of the client's conversations as Server-Sent Events.
/// A conversation that is not the client's answers 404 `conversation.not_found`, exactly as one
/// that does not exist (W2). No cookies, so no CSRF token: the bearer token is sent by the app
/// itself, never by a browser on its own.
struct AppRoutes {
    /// Every app route is under this path.
    static let prefix = "/app/v1"

    let operations: Operations

    struct SendBody: Decodable {
        var body: String
    }

    struct ReadBody: Decodable {
        /// The newest message the client has read.
        var through: Int64
    }

    func add(to routes: APIRoutes, _ group: RouterGroup<StaffRequestContext>) {
        routes.on(.get, "conversations", in: group) { _, context in
            try JSONResponse.make(try await operations.appConversations(try context.requireAppClient()))
        }
        routes.on(.get, "conversations/{id}/messages", in: group) { request, context in
            let client = try context.requireAppClient()
            let id = try ConversationRoutes.conversationID(context)
            let query = request.uri.queryParameters
            let limit = try ConversationRoutes.limit(
                query, default: ConversationRoutes.defaultThreadLimit, in: ConversationRoutes.threadLimits)
            var before: Int64?
            if let text = query["before"] {
                guard let number = Int64(text), number > 0 else {
                    throw StaffAPIError(.init(.badQuery, "before must be the olderCursor of a previous page."))
                }
                before = number
            }
            return try JSONResponse.make(try await operations.appThread(client, conversation: id, before: before, limit: limit))
        }
        routes.on(.post, "messages", in: group) { request, context in
            let client = try context.requireAppClient()
            let body = try await JSONResponse.decode(SendBody.self, from: request)
            return try JSONResponse.make(try await operations.appSend(client, body: body.body), status: .created)
        }
        routes.on(.post, "conversations/{id}/read", in: group) { request, context in
            let client = try context.requireAppClient()
            let id = try ConversationRoutes.conversationID(context)
            let body = try await JSONResponse.decode(ReadBody.self, from: request)
            return try JSONResponse.make(try await operations.appMarkRead(client, conversation: id, through: body.through))
        }
        routes.on(.get, "events", in: group) { request, context in
            let token = try context.appToken ?? { throw TextingError(.appToken, "Send the app token.") }()
            let lastEventID = request.headers[.lastEventID] ?? request.uri.queryParameters["lastEventId"].map(String.init)
            let stream = try await operations.followAppChanges(token.client, after: lastEventID)
            let expiresAt = token.expiresAt
            return EventRoutes.response { writer in
                // The stream ends at the tick after the token expires: the app reconnects with a new one.
                try await EventRoutes.stream(
                    stream.subscription, to: &writer, stillSignedIn: { Date() < expiresAt },
                    including: { await stream.scope.includes($0) })
            }
        }
    }
}
