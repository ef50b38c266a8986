extension OpenAPIDocument.Part {
    /// The live event stream (W3).
    static let events = OpenAPIDocument.Part(
        paths: #"""
    "/api/v1/events": {
      "get": {
        "operationId": "followEvents",
        "summary": "The practice's changes as they happen, as Server-Sent Events.",
        "description": "Each event has an id (<epoch>-<sequence>), a name (message.created, message.status_changed, conversation.opened, conversation.ended, conversation.read, conversation.read_by_client (the client read it in the app), subscription.changed) and a data line with one JSON object naming what changed (ids, direction, delivery state, the carrier's error in plain words, the number of a subscription change); never message text or names: fetch the conversation to show it. A client that reconnects sends the last id it saw in Last-Event-ID (browsers' EventSource does) or in lastEventId and first gets every change it missed; when that cannot be done (the id is too old, unreadable or from before the daemon restarted) the first event is reset: reload what you show. A ': keep-alive' comment comes every 15 seconds. The stream ends at once when the session is signed out or its account disabled or given a new password, within 15 seconds when the session expires, and at shutdown.",
        "parameters": \#(eventStreamParameters),
        "responses": {
          "200": \#(eventStreamAnswer),
          "401": { "$ref": "#/components/responses/Unauthorized" }
        }
      }
    }
"""#,
        schemas: #"""
      "EventData": {
        "type": "object",
        "description": "The data of one event; which fields are present depends on its name.",
        "properties": {
          "conversation": { "type": "integer", "format": "int64" },
          "message": { "type": "integer", "format": "int64" },
          "direction": { "type": "string", "enum": ["inbound", "outbound"] },
          "state": { "type": "string", "enum": ["queued", "sending", "sent", "delivered", "undelivered", "failed"] },
          "errorCode": { "type": "integer" },
          "error": { "type": "string" },
          "phone": { "type": "string", "description": "E.164." }
        }
      }
"""#)

    /// Where a reconnecting reader resumes: the staff stream's and the app's (issue 13).
    static let eventStreamParameters = #"""
[
          { "name": "Last-Event-ID", "in": "header", "description": "The id of the last event seen.", "schema": { "type": "string" } },
          { "name": "lastEventId", "in": "query", "description": "The same, for clients that cannot set headers.", "schema": { "type": "string" } }
        ]
"""#

    /// The open stream, for both streams.
    static let eventStreamAnswer = #"""
{
            "description": "The event stream; it stays open.",
            "content": { "text/event-stream": { "schema": { "$ref": "#/components/schemas/EventData" } } }
          }
"""#
}
