import Foundation
import HTTPTypes
import Hummingbird
import Operations
import Routing
import ServiceLifecycle
import TextingCore

/// `GET /api/v1/events`: the account's practice's changes as Server-Sent Events (W3).
///
/// Each event is `id: <epoch>-<sequence>`, `event: <kind>` (`message.created`,
/// `message.status_changed`, `conversation.opened`, `conversation.ended`, `conversation.read`,
/// `subscription.changed`) and `data:` one JSON object naming what changed. A reader that
/// reconnects sends the last id it saw (`Last-Event-ID`, as browsers' EventSource does, or the
/// `lastEventId` query parameter) and gets every change after it first; when that cannot be
/// done the first event is `reset` and the reader reloads. A `: keep-alive` comment every tick
/// keeps proxies from closing an idle stream; at each tick the session is checked again (an
/// expired session's stream ends then). Signing out, disabling the account or giving it a new
/// password ends the stream at once, through whichever door it was done. The stream ends at
/// shutdown.
struct EventRoutes {
    let operations: Operations
    let accounts: Accounts

    /// What `data:` carries: ids and states, never message text or names.
    struct EventData: Encodable {
        var conversation: Int64?
        var message: Int64?
        var direction: String?
        var state: String?
        var errorCode: Int?
        var error: String?
        var phone: String?

        init(_ change: Change) {
            conversation = change.conversation?.rawValue
            message = change.message?.rawValue
            direction = change.direction?.rawValue
            state = change.state?.rawValue
            errorCode = change.errorCode
            error = change.errorCode.map(CarrierErrorCode.explanation)
            phone = change.phone?.e164
        }
    }

    func add(to routes: APIRoutes, _ group: RouterGroup<StaffRequestContext>) {
        routes.on(.get, "events", in: group) { request, context in
            let session = try context.requireSession()
            let caller = session.caller
            let token = request.cookies[SessionCookie.name]?.value ?? ""
            let lastEventID = request.headers[.lastEventID] ?? request.uri.queryParameters["lastEventId"].map(String.init)
            let subscription = try await operations.followChanges(caller, after: lastEventID)
            var headers = HTTPFields()
            headers[.contentType] = "text/event-stream; charset=utf-8"
            headers[.cacheControl] = "no-store"
            // nginx and similar proxies pass each event on at once instead of buffering.
            headers[.xAccelBuffering] = "no"
            let accounts = self.accounts
            // Signing out or disabling the account ends the stream at once.
            let watch = accounts.onEnd(of: token, account: session.identity.id) { subscription.end() }
            return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                defer { watch.cancel() }
                try await Self.stream(subscription, to: &writer, stillSignedIn: { await accounts.session(token: token) != nil })
                try await writer.finish(nil)
            })
        }
    }

    /// Writes the subscription until the reader goes, the session ends or the daemon shuts down.
    static func stream(
        _ subscription: ChangeFeed.Subscription, to writer: inout any ResponseBodyWriter,
        stillSignedIn: @Sendable () async -> Bool
    ) async throws {
        // Browsers wait this long before reconnecting.
        try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
        if subscription.isReset {
            try await writer.write(ByteBuffer(string: "event: reset\ndata: {}\n\n"))
        }
        for event in subscription.replay { try await writer.write(encode(event, epoch: subscription.epoch)) }
        try await withGracefulShutdownHandler {
            for await delivery in subscription.deliveries {
                switch delivery {
                case .event(let event):
                    try await writer.write(encode(event, epoch: subscription.epoch))
                case .tick:
                    guard await stillSignedIn() else { return }
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                }
            }
        } onGracefulShutdown: {
            subscription.end()
        }
    }

    /// One event in the text/event-stream format.
    static func encode(_ event: ChangeFeed.Event, epoch: String) -> ByteBuffer {
        let data = (try? JSONResponse.encoder.encode(EventData(event.change))).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        let position = ChangeFeed.Position(epoch: epoch, sequence: event.sequence)
        return ByteBuffer(string: "id: \(position)\nevent: \(event.change.kind.rawValue)\ndata: \(data)\n\n")
    }
}

extension HTTPField.Name {
    /// The id of the last event an EventSource saw, sent when it reconnects.
    // Safe: a constant, valid token.
    static let lastEventID = HTTPField.Name("Last-Event-ID")!
    /// Asks nginx-like proxies not to buffer the response.
    // Safe: a constant, valid token.
    static let xAccelBuffering = HTTPField.Name("X-Accel-Buffering")!
}
