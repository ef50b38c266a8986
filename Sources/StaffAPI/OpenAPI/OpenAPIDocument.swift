/// The staff API's OpenAPI 3.1 document, served at `GET /api/v1/openapi.json`.
///
/// Written by hand next to the routes; `StaffAPITests` checks that every route the server has
/// is in it and every operation in it is a route of the server. Kept in a Swift string so the
/// installed binary needs no resource bundle.
enum OpenAPIDocument {
    static let json = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "twowayd staff API",
    "version": "1",
    "description": "The staff inbox's JSON API. Sign in with POST /api/v1/session; the answer sets an HttpOnly session cookie and returns a CSRF token that every change (POST, PUT, PATCH, DELETE) must carry in the X-CSRF-Token header. Every refusal is {\"error\": {\"code\", \"message\"}} with the same codes as the control socket."
  },
  "servers": [{ "url": "/" }],
  "security": [{ "session": [] }],
  "paths": {
    "/api/v1/openapi.json": {
      "get": {
        "operationId": "getOpenAPIDocument",
        "summary": "This document.",
        "security": [],
        "responses": {
          "200": { "description": "The OpenAPI document.", "content": { "application/json": {} } }
        }
      }
    },
    "/api/v1/session": {
      "post": {
        "operationId": "signIn",
        "summary": "Sign in with a login name and password.",
        "description": "Sets the session cookie (HttpOnly, SameSite=Strict, Path=/, Secure when the API's public address is https). Repeated failures for one login or from one address are refused with 429 and Retry-After for a while.",
        "security": [],
        "requestBody": {
          "required": true,
          "content": { "application/json": { "schema": { "$ref": "#/components/schemas/SignIn" } } }
        },
        "responses": {
          "201": {
            "description": "Signed in.",
            "headers": { "Set-Cookie": { "schema": { "type": "string" }, "description": "The session cookie." } },
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Session" } } }
          },
          "400": { "$ref": "#/components/responses/Invalid" },
          "413": { "$ref": "#/components/responses/TooLarge" },
          "401": { "$ref": "#/components/responses/Unauthorized" },
          "429": { "$ref": "#/components/responses/Throttled" }
        }
      },
      "get": {
        "operationId": "getSession",
        "summary": "The signed-in account and the CSRF token.",
        "responses": {
          "200": {
            "description": "The session.",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Session" } } }
          },
          "401": { "$ref": "#/components/responses/Unauthorized" }
        }
      },
      "delete": {
        "operationId": "signOut",
        "summary": "Sign out: the session ends at once.",
        "parameters": [{ "$ref": "#/components/parameters/CSRFToken" }],
        "responses": {
          "204": { "description": "Signed out; the cookie is cleared." },
          "401": { "$ref": "#/components/responses/Unauthorized" },
          "403": { "$ref": "#/components/responses/Forbidden" }
        }
      }
    },
    "/api/v1/conversations": {
      "get": {
        "operationId": "listConversations",
        "summary": "The practice's conversations, newest first, a page at a time.",
        "parameters": [
          { "name": "limit", "in": "query", "description": "Page size, 1-200 (50).", "schema": { "type": "integer", "minimum": 1, "maximum": 200 } },
          { "name": "after", "in": "query", "description": "The nextCursor of the previous page.", "schema": { "type": "string" } },
          { "name": "all", "in": "query", "description": "true to include ended conversations.", "schema": { "type": "boolean" } }
        ],
        "responses": {
          "200": {
            "description": "A page of conversations.",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ConversationPage" } } }
          },
          "400": { "$ref": "#/components/responses/Invalid" },
          "401": { "$ref": "#/components/responses/Unauthorized" }
        }
      },
      "post": {
        "operationId": "startConversation",
        "summary": "Start a conversation with a client's number, by text or in the app, as the signed-in account.",
        "description": "A number that already has an active conversation is refused with conversation.already_active, naming it. Give firstName and lastName together to create the profile of an unknown number.",
        "parameters": [{ "$ref": "#/components/parameters/CSRFToken" }],
        "requestBody": {
          "required": true,
          "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Start" } } }
        },
        "responses": {
          "201": {
            "description": "Started; the first message, when given, is stored and queued.",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/SentMessage" } } }
          },
          "400": { "$ref": "#/components/responses/Invalid" },
          "413": { "$ref": "#/components/responses/TooLarge" },
          "401": { "$ref": "#/components/responses/Unauthorized" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "409": { "$ref": "#/components/responses/Conflict" }
        }
      }
    },
    "/api/v1/clients": {
      "get": {
        "operationId": "searchClients",
        "summary": "The practice's clients with this last name, to start a conversation with one of them.",
        "parameters": [
          { "name": "lastName", "in": "query", "required": true, "schema": { "type": "string" } }
        ],
        "responses": {
          "200": {
            "description": "The clients found, each with their numbers and whether app chat is available.",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ClientList" } } }
          },
          "400": { "$ref": "#/components/responses/Invalid" },
          "401": { "$ref": "#/components/responses/Unauthorized" }
        }
      }
    },
    "/api/v1/conversations/{id}": {
      "get": {
        "operationId": "getConversation",
        "summary": "One conversation with its client, subscriptions and every message.",
        "parameters": [{ "$ref": "#/components/parameters/ConversationID" }],
        "responses": {
          "200": {
            "description": "The thread.",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ConversationDetail" } } }
          },
          "401": { "$ref": "#/components/responses/Unauthorized" },
          "404": { "$ref": "#/components/responses/NotFound" }
        }
      }
    },
    "/api/v1/conversations/{id}/messages": {
      "post": {
        "operationId": "reply",
        "summary": "A staff reply, sent as the signed-in account.",
        "description": "A message the content policy blocks is refused (policy.blocked); one it warns about needs confirm: true (policy.confirmation_required).",
        "parameters": [{ "$ref": "#/components/parameters/ConversationID" }, { "$ref": "#/components/parameters/CSRFToken" }],
        "requestBody": {
          "required": true,
          "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Reply" } } }
        },
        "responses": {
          "201": {
            "description": "Stored and queued for sending.",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/SentMessage" } } }
          },
          "400": { "$ref": "#/components/responses/Invalid" },
          "413": { "$ref": "#/components/responses/TooLarge" },
          "401": { "$ref": "#/components/responses/Unauthorized" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "409": { "$ref": "#/components/responses/Conflict" }
        }
      }
    },
    "/api/v1/conversations/{id}/end": {
      "post": {
        "operationId": "endConversation",
        "summary": "End the conversation; the number's next text opens a new one.",
        "parameters": [{ "$ref": "#/components/parameters/ConversationID" }, { "$ref": "#/components/parameters/CSRFToken" }],
        "responses": {
          "200": {
            "description": "Ended.",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Ended" } } }
          },
          "401": { "$ref": "#/components/responses/Unauthorized" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "409": { "$ref": "#/components/responses/Conflict" }
        }
      }
    },
    "/api/v1/conversations/{id}/opt-out": {
      "post": {
        "operationId": "optOut",
        "summary": "Opt the conversation's number out of 2-way texting.",
        "parameters": [{ "$ref": "#/components/parameters/ConversationID" }, { "$ref": "#/components/parameters/CSRFToken" }],
        "responses": {
          "200": {
            "description": "The number's subscriptions and their history.",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Subscriptions" } } }
          },
          "401": { "$ref": "#/components/responses/Unauthorized" },
          "403": { "$ref": "#/components/responses/Forbidden" },
          "404": { "$ref": "#/components/responses/NotFound" },
          "409": { "$ref": "#/components/responses/Conflict" }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "session": { "type": "apiKey", "in": "cookie", "name": "twowayd_session" }
    },
    "parameters": {
      "ConversationID": {
        "name": "id",
        "in": "path",
        "required": true,
        "schema": { "type": "integer", "format": "int64", "minimum": 1 }
      },
      "CSRFToken": {
        "name": "X-CSRF-Token",
        "in": "header",
        "required": true,
        "description": "The csrfToken of the session.",
        "schema": { "type": "string" }
      }
    },
    "schemas": {
      "SignIn": {
        "type": "object",
        "required": ["login", "password"],
        "properties": {
          "login": { "type": "string" },
          "password": { "type": "string", "format": "password" }
        }
      },
      "Account": {
        "type": "object",
        "required": ["id", "practice", "displayName", "role"],
        "properties": {
          "id": { "type": "integer", "format": "int64" },
          "practice": { "type": "integer", "format": "int64" },
          "displayName": { "type": "string" },
          "role": { "type": "string", "enum": ["admin", "staff"] }
        }
      },
      "Session": {
        "type": "object",
        "required": ["account", "csrfToken", "expiresAt"],
        "properties": {
          "account": { "$ref": "#/components/schemas/Account" },
          "csrfToken": { "type": "string" },
          "expiresAt": { "type": "string", "format": "date-time" }
        }
      },
      "Conversation": {
        "type": "object",
        "required": ["id", "practice", "title", "phone", "channel", "channelLabel", "active", "createdAt"],
        "properties": {
          "id": { "type": "integer", "format": "int64" },
          "practice": { "type": "integer", "format": "int64" },
          "title": { "type": "string" },
          "phone": { "type": "string", "description": "E.164." },
          "clientId": { "type": ["integer", "null"], "format": "int64" },
          "clientName": { "type": ["string", "null"] },
          "channel": { "type": "string", "enum": ["text", "app"] },
          "channelLabel": { "type": "string", "examples": ["Sent via Text", "Sent from App"] },
          "active": { "type": "boolean" },
          "createdAt": { "type": "string", "format": "date-time" },
          "endedAt": { "type": ["string", "null"], "format": "date-time" },
          "profileBot": { "type": ["string", "null"] },
          "afterHoursOverrideUntil": { "type": ["string", "null"], "format": "date-time" }
        }
      },
      "ConversationPage": {
        "type": "object",
        "required": ["conversations", "nextCursor"],
        "properties": {
          "conversations": { "type": "array", "items": { "$ref": "#/components/schemas/Conversation" } },
          "nextCursor": { "type": ["string", "null"], "description": "The after of the next page; null on the last." }
        }
      },
      "ConversationDetail": {
        "type": "object",
        "required": ["conversation", "subscriptions", "messages"],
        "properties": {
          "conversation": { "$ref": "#/components/schemas/Conversation" },
          "client": { "type": ["object", "null"] },
          "subscriptions": { "$ref": "#/components/schemas/Subscriptions" },
          "messages": { "type": "array", "items": { "type": "object" } }
        }
      },
      "Reply": {
        "type": "object",
        "properties": {
          "message": { "type": "string" },
          "confirm": { "type": "boolean", "description": "Send a message the content policy warns about." },
          "attachments": { "type": "array", "items": { "type": "string" }, "description": "Ids of finished uploads." }
        }
      },
      "ClientList": {
        "type": "object",
        "required": ["clients"],
        "properties": {
          "clients": {
            "type": "array",
            "items": {
              "type": "object",
              "required": ["id", "source", "phones", "chat"],
              "properties": {
                "id": { "type": "integer", "format": "int64" },
                "source": { "type": "string", "enum": ["pms", "app", "bot", "staff"] },
                "firstName": { "type": ["string", "null"] },
                "lastName": { "type": ["string", "null"] },
                "name": { "type": ["string", "null"] },
                "email": { "type": ["string", "null"] },
                "phones": { "type": "array", "items": { "type": "object" } },
                "chat": { "type": "object" }
              }
            }
          }
        }
      },
      "Start": {
        "type": "object",
        "required": ["to"],
        "properties": {
          "to": { "type": "string", "description": "The client's number, any usual form." },
          "title": { "type": "string" },
          "firstName": { "type": "string" },
          "lastName": { "type": "string" },
          "message": { "type": "string" },
          "confirm": { "type": "boolean" },
          "attachments": { "type": "array", "items": { "type": "string" } }
        }
      },
      "Ended": {
        "type": "object",
        "required": ["conversation", "active"],
        "properties": {
          "conversation": { "type": "integer", "format": "int64" },
          "active": { "type": "boolean" }
        }
      },
      "Subscriptions": {
        "type": "object",
        "required": ["phone", "twoWay", "reminders", "history"],
        "properties": {
          "phone": { "type": "string" },
          "twoWay": { "type": "boolean" },
          "reminders": { "type": "boolean" },
          "twoWayOptedOutAt": { "type": ["string", "null"], "format": "date-time" },
          "history": { "type": "array", "items": { "type": "object" } }
        }
      },
      "SentMessage": {
        "type": "object",
        "required": ["conversation", "channel", "channelLabel"],
        "properties": {
          "conversation": { "type": "integer", "format": "int64" },
          "message": { "type": ["integer", "null"], "format": "int64" },
          "channel": { "type": "string" },
          "channelLabel": { "type": "string" },
          "messages": { "type": ["array", "null"], "items": { "type": "integer", "format": "int64" } }
        }
      },
      "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
          "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
              "code": { "type": "string", "examples": ["auth.invalid_credentials"] },
              "message": { "type": "string" }
            }
          }
        }
      }
    },
    "responses": {
      "Invalid": {
        "description": "The request is not valid.",
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
      },
      "Unauthorized": {
        "description": "Not signed in (auth.not_signed_in) or wrong login or password (auth.invalid_credentials).",
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
      },
      "Forbidden": {
        "description": "The CSRF token is missing or wrong (auth.csrf), or the account's role may not do this (auth.forbidden).",
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
      },
      "NotFound": {
        "description": "No such thing in the account's practice.",
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
      },
      "TooLarge": {
        "description": "The request body is larger than the route accepts (request.too_large).",
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
      },
      "Conflict": {
        "description": "The conversation has ended, or another change got there first.",
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
      },
      "Throttled": {
        "description": "Too many failed sign-ins (auth.throttled); try again after Retry-After seconds.",
        "headers": { "Retry-After": { "schema": { "type": "integer" } } },
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
      }
    }
  }
}
"""#
}
