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
/// `conversation.read_by_client`, `subscription.changed`) and `data:` one JSON object naming
/// what changed. A reader that
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

    func add(to routes: APIRoutes, _ group: RouterGroup<StaffRequestContext>) {
        routes.on(.get, "events", in: group) { request, context in
            let session = try context.requireSession()
            let caller = session.caller
            let token = request.cookies[SessionCookie.name]?.value ?? ""
            let lastEventID = request.headers[.lastEventID] ?? request.uri.queryParameters["lastEventId"].map(String.init)
            let subscription = try await operations.followChanges(caller, after: lastEventID)
            let accounts = self.accounts
            // Signing out or disabling the account ends the stream at once.
            let watch = accounts.onEnd(of: token, account: session.identity.id) { subscription.end() }
            return Self.response { writer in
                defer { watch.cancel() }
                try await Self.stream(subscription, to: &writer, stillSignedIn: { await accounts.session(token: token) != nil })
            }
        }
    }

    /// An event stream's answer, its body written by `write` (the staff's and the app's streams).
    static func response(_ write: @escaping @Sendable (inout any ResponseBodyWriter) async throws -> Void) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-store"
        // nginx and similar proxies pass each event on at once instead of buffering.
        headers[.xAccelBuffering] = "no"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            try await write(&writer)
            try await writer.finish(nil)
        })
    }

    /// Writes the subscription until the reader goes, the session ends or the daemon shuts down:
    /// each batch of changes that came while the last write was under way as one write. Only the
    /// changes `including` accepts are written (the app's stream: its client's conversations).
    static func stream(
        _ subscription: ChangeFeed.Subscription, to writer: inout any ResponseBodyWriter,
        stillSignedIn: @Sendable () async -> Bool, including: @Sendable (Change) async -> Bool = { _ in true }
    ) async throws {
        defer { subscription.end() }
        // Browsers wait this long before reconnecting.
        var opening = "retry: 2000\n\n"
        if subscription.isReset { opening += "event: reset\ndata: {}\n\n" }
        for event in subscription.replay where await including(event.change) {
            opening += encode(event, epoch: subscription.epoch)
        }
        try await writer.write(ByteBuffer(string: opening))
        try await withGracefulShutdownHandler {
            while true {
                let batch = await subscription.next()
                if batch.isEmpty { return }
                var text = ""
                var ticked = false
                for delivery in batch {
                    switch delivery {
                    case .event(let event):
                        if await including(event.change) { text += encode(event, epoch: subscription.epoch) }
                    case .tick: ticked = true
                    }
                }
                if ticked {
                    guard await stillSignedIn() else { return }
                    text += ": keep-alive\n\n"
                }
                if text.isEmpty { continue }
                try await writer.write(ByteBuffer(string: text))
            }
        } onGracefulShutdown: {
            subscription.end()
        }
    }

    /// One event in the text/event-stream format: `id`, `event` and a one-line JSON `data` with
    /// the change's fields in key order (ids, words from fixed sets, and the carrier error's
    /// explanation, escaped).
    static func encode(_ event: ChangeFeed.Event, epoch: String) -> String {
        let change = event.change
        var fields: [String] = []
        if let id = change.conversation { fields.append("\"conversation\":\(id.rawValue)") }
        if let direction = change.direction { fields.append("\"direction\":\(json(direction.rawValue))") }
        if let code = change.errorCode {
            fields.append("\"error\":\(json(CarrierErrorCode.explanation(code)))")
            fields.append("\"errorCode\":\(code)")
        }
        if let id = change.message { fields.append("\"message\":\(id.rawValue)") }
        if let phone = change.phone { fields.append("\"phone\":\(json(phone.e164))") }
        if let state = change.state { fields.append("\"state\":\(json(state.rawValue))") }
        return "id: \(epoch)-\(event.sequence)\nevent: \(change.kind.rawValue)\ndata: {\(fields.joined(separator: ","))}\n\n"
    }

    /// `text` as a JSON string literal.
    static func json(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            case "\t": quoted += "\\t"
            case _ where scalar.value < 0x20: quoted += String(format: "\\u%04x", scalar.value)
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
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
