extension OpenAPIDocument.Part {
    /// The pet owner's app (P1, P2): routes under /app/v1 with a bearer token the practice
    /// platform signs (the `appToken` scheme), no session and no CSRF token.
    static let app = OpenAPIDocument.Part(
        paths: #"""
    "/app/v1/conversations": {
      "get": {
        "operationId": "appListConversations",
        "tags": ["app"],
        "summary": "The client's conversations, newest activity first (at most 100).",
        "description": "A conversation is the client's when it is on one of the client's phone numbers in the practice's directory, or carries the client. Each has its newest message and the count of messages to the client after the client's read mark.",
        "security": [{ "appToken": [] }],
        "responses": {
          "200": {
            "description": "The client's conversations.",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/AppConversationList" } } }
          },
          "401": \#(appUnauthorized)
        }
      }
    },
    "/app/v1/conversations/{id}/messages": {
      "get": {
        "operationId": "appConversationMessages",
        "tags": ["app"],
        "summary": "A page of one of the client's conversations, oldest first.",
        "description": "The newest `limit` messages before the message `before` (the newest when left out). A conversation that is not the client's answers 404 exactly like one that does not exist.",
        "security": [{ "appToken": [] }],
        "parameters": [
          { "$ref": "#/components/parameters/ConversationID" },
          { "name": "before", "in": "query", "description": "The olderCursor of the previous page.", "schema": { "type": "string" } },
          { "name": "limit", "in": "query", "description": "Messages per page, 1-500 (100 when left out).", "schema": { "type": "integer", "minimum": 1, "maximum": 500 } }
        ],
        "responses": {
          "200": {
            "description": "The conversation and a page of its messages.",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/AppThreadPage" } } }
          },
          "400": { "$ref": "#/components/responses/Invalid" },
          "401": \#(appUnauthorized),
          "404": { "$ref": "#/components/responses/NotFound" }
        }
      }
    },
    "/app/v1/messages": {
      "post": {
        "operationId": "appSendMessage",
        "tags": ["app"],
        "summary": "A message from the client to the practice.",
        "description": "It joins the active conversation of the client's number, whatever its channel, or opens one in the app. Outside the practice's hours the after-hours reply comes back in the app (its id is in replies). Text only: attachments are not supported.",
        "security": [{ "appToken": [] }],
        "requestBody": {
          "required": true,
          "content": { "application/json": { "schema": { "$ref": "#/components/schemas/AppMessageRequest" } } }
        },
        "responses": {
          "201": {
            "description": "Stored.",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/AppSent" } } }
          },
          "400": { "$ref": "#/components/responses/Invalid" },
          "401": \#(appUnauthorized),
          "409": \#(appConflict)
        }
      }
    },
    "/app/v1/conversations/{id}/read": {
      "post": {
        "operationId": "appMarkRead",
        "tags": ["app"],
        "summary": "Marks one of the client's conversations read through a message.",
        "description": "The client's read mark only moves forward; staff see it as a read receipt.",
        "security": [{ "appToken": [] }],
        "parameters": [{ "$ref": "#/components/parameters/ConversationID" }],
        "requestBody": {
          "required": true,
          "content": { "application/json": { "schema": { "$ref": "#/components/schemas/AppReadRequest" } } }
        },
        "responses": {
          "200": {
            "description": "The mark in force.",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/AppReadMark" } } }
          },
          "400": { "$ref": "#/components/responses/Invalid" },
          "401": \#(appUnauthorized),
          "404": { "$ref": "#/components/responses/NotFound" }
        }
      }
    },
    "/app/v1/events": {
      "get": {
        "operationId": "appFollowEvents",
        "tags": ["app"],
        "summary": "Changes to the client's conversations as they happen, as Server-Sent Events.",
        "description": "The same events as /api/v1/events (message.created, message.status_changed, conversation.opened, conversation.ended, conversation.read, conversation.read_by_client), only for the client's conversations. Resume with Last-Event-ID or lastEventId; a reset event means reload. The stream ends within 15 seconds after the token expires: reconnect with a new token.",
        "security": [{ "appToken": [] }],
        "parameters": \#(eventStreamParameters),
        "responses": {
          "200": \#(eventStreamAnswer),
          "401": \#(appUnauthorized)
        }
      }
    }
"""#,
        schemas: #"""
      "AppMessage": {
        "type": "object",
        "required": ["id", "conversation", "direction", "author", "authorName", "body", "channel", "channelLabel", "createdAt"],
        "properties": {
          "id": { "type": "integer", "format": "int64" },
          "conversation": { "type": "integer", "format": "int64" },
          "direction": { "type": "string", "enum": ["fromClient", "toClient"] },
          "author": { "type": "string", "enum": ["client", "staff", "practice", "reminder"], "description": "practice: an automatic reply." },
          "authorName": { "type": ["string", "null"], "description": "The staff member's name, for author staff." },
          "body": { "type": "string" },
          "channel": { "type": "string", "enum": ["text", "app"] },
          "channelLabel": { "type": "string", "examples": ["Sent from App"] },
          "createdAt": { "type": "string", "format": "date-time" }
        }
      },
      "AppConversation": {
        "type": "object",
        "required": ["id", "title", "channel", "active", "createdAt", "lastActivityAt", "lastMessage", "unread", "readThrough"],
        "properties": {
          "id": { "type": "integer", "format": "int64" },
          "title": { "type": "string" },
          "channel": { "type": "string", "enum": ["text", "app"] },
          "active": { "type": "boolean" },
          "createdAt": { "type": "string", "format": "date-time" },
          "lastActivityAt": { "type": "string", "format": "date-time" },
          "lastMessage": { "oneOf": [{ "$ref": "#/components/schemas/AppMessage" }, { "type": "null" }], "description": "Its body cut to 160 characters." },
          "unread": { "type": "integer", "description": "Messages to the client after the client's read mark." },
          "readThrough": { "type": ["integer", "null"], "format": "int64" }
        }
      },
      "AppConversationList": {
        "type": "object",
        "required": ["conversations"],
        "properties": {
          "conversations": { "type": "array", "items": { "$ref": "#/components/schemas/AppConversation" } }
        }
      },
      "AppThreadPage": {
        "type": "object",
        "required": ["conversation", "messages", "olderCursor"],
        "properties": {
          "conversation": { "$ref": "#/components/schemas/AppConversation" },
          "messages": { "type": "array", "items": { "$ref": "#/components/schemas/AppMessage" } },
          "olderCursor": { "type": ["string", "null"] }
        }
      },
      "AppMessageRequest": {
        "type": "object",
        "required": ["body"],
        "properties": {
          "body": { "type": "string", "minLength": 1, "maxLength": 1600, "description": "Plain text; line breaks are the only control characters allowed." }
        }
      },
      "AppSent": {
        "type": "object",
        "required": ["conversation", "message", "replies"],
        "properties": {
          "conversation": { "type": "integer", "format": "int64" },
          "message": { "type": "integer", "format": "int64" },
          "replies": { "type": "array", "items": { "type": "integer", "format": "int64" }, "description": "Automatic replies (after hours), in the thread too." }
        }
      },
      "AppReadRequest": {
        "type": "object",
        "required": ["through"],
        "properties": {
          "through": { "type": "integer", "format": "int64", "description": "The newest message the client has read." }
        }
      },
      "AppReadMark": {
        "type": "object",
        "required": ["conversation", "through", "readAt", "unread"],
        "properties": {
          "conversation": { "type": "integer", "format": "int64" },
          "through": { "type": "integer", "format": "int64" },
          "readAt": { "type": "string", "format": "date-time" },
          "unread": { "type": "integer" }
        }
      }
"""#)

    /// A missing or refused app token, or a client the practice does not know.
    static let appUnauthorized = #"""
{
            "description": "The app token is missing or refused (auth.app_token): malformed, unsigned, signed with another key or algorithm, expired, not yet valid, living longer than 24 hours, or naming a client the practice does not know. Comes with WWW-Authenticate: Bearer.",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
          }
"""#

    /// The client cannot write now.
    static let appConflict = #"""
{
            "description": "The practice has no phone number on file for the client (app.no_phone), the practice does not offer chat in the app (app.chat_off), or staff turned chat off for the client (app.chat_disabled).",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
          }
"""#
}
