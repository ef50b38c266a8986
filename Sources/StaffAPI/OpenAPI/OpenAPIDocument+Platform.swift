import Foundation

/// The platform API's part of the document (issue 13): served with the staff API's document when
/// the daemon offers the platform API, merged path by path (`PUT /api/v1/clients/{id}` shares its
/// path with the staff routes of one client). It uses the `platformToken` bearer scheme.
extension OpenAPIDocument {
    static let platformPaths = #"""
{
  "/api/v1/clients/{id}": {
    "put": {
      "operationId": "putDirectoryClient",
      "summary": "The practice platform stores one PMS directory client by its PMS id (the CSV import's rules).",
      "security": [{ "platformToken": [] }],
      "parameters": [{ "name": "id", "in": "path", "required": true, "description": "The client's id in the practice-management software.", "schema": { "type": "string" } }],
      "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/PlatformClient" } } } },
      "responses": {
        "200": { "description": "The client was updated.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Client" } } } },
        "201": { "description": "The client was created.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Client" } } } },
        "400": { "$ref": "#/components/responses/Invalid" },
        "401": { "$ref": "#/components/responses/Unauthorized" },
        "422": { "$ref": "#/components/responses/Invalid" },
        "429": { "$ref": "#/components/responses/Throttled" }
      }
    }
  },
  "/api/v1/reminders": {
    "post": {
      "operationId": "requestReminder",
      "summary": "The practice platform sends a reminder or confirmation, held for the client's quiet hours.",
      "security": [{ "platformToken": [] }],
      "parameters": [{ "name": "Idempotency-Key", "in": "header", "required": true, "schema": { "type": "string", "minLength": 1, "maxLength": 255 } }],
      "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/PlatformReminderRequest" } } } },
      "responses": {
        "200": { "description": "Sent now.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/PlatformReminder" } } } },
        "202": { "description": "Held until the client's quiet hours end.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/PlatformReminder" } } } },
        "400": { "$ref": "#/components/responses/Invalid" },
        "401": { "$ref": "#/components/responses/Unauthorized" },
        "409": { "$ref": "#/components/responses/Conflict" },
        "422": { "$ref": "#/components/responses/Invalid" },
        "429": { "$ref": "#/components/responses/Throttled" }
      }
    }
  }
}
"""#

    static let platformComponents = #"""
{
  "securitySchemes": {
    "platformToken": { "type": "http", "scheme": "bearer", "description": "The practice's platform token (the credential platform-token-<practice id>)." }
  },
  "schemas": {
    "PlatformClient": {
      "type": "object",
      "properties": {
        "firstName": { "type": "string" },
        "lastName": { "type": "string" },
        "email": { "type": "string" },
        "phones": { "type": "array", "items": { "type": "string" } },
        "app": {
          "type": "object",
          "properties": {
            "installed": { "type": "boolean" },
            "signedIn": { "type": "boolean" },
            "appVersion": { "type": "string" },
            "chatDisabled": { "type": "boolean" }
          }
        }
      }
    },
    "PlatformReminderRequest": {
      "type": "object",
      "required": ["phone", "body", "kind"],
      "properties": {
        "phone": { "type": "string" },
        "body": { "type": "string" },
        "kind": { "type": "string", "enum": ["reminder", "confirmation"] },
        "pmsClientId": { "type": "string" }
      }
    },
    "PlatformReminder": {
      "type": "object",
      "required": ["id", "status", "scheduledFor", "timeZone"],
      "properties": {
        "id": { "type": "integer" },
        "status": { "type": "string", "enum": ["sent", "scheduled"] },
        "scheduledFor": { "type": "string", "format": "date-time", "description": "On the client's clock, with its offset." },
        "timeZone": { "type": "string", "description": "The IANA zone of scheduledFor." },
        "messageId": { "type": "integer" }
      }
    }
  }
}
"""#

    /// The document the daemon serves: the staff API's, with the platform API's paths merged in
    /// when `platform`.
    static func served(platform: Bool) -> String {
        platform ? withPlatform : json
    }

    static let withPlatform: String = {
        func object(_ text: String) -> [String: Any] {
            ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]) ?? [:]
        }
        var document = object(json)
        var paths = document["paths"] as? [String: Any] ?? [:]
        for (path, item) in object(platformPaths) {
            var merged = paths[path] as? [String: Any] ?? [:]
            for (method, operation) in item as? [String: Any] ?? [:] { merged[method] = operation }
            paths[path] = merged
        }
        document["paths"] = paths
        var components = document["components"] as? [String: Any] ?? [:]
        for (section, members) in object(platformComponents) {
            var merged = components[section] as? [String: Any] ?? [:]
            for (name, value) in members as? [String: Any] ?? [:] { merged[name] = value }
            components[section] = merged
        }
        document["components"] = components
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]))
            ?? Data(json.utf8)
        return String(decoding: data, as: UTF8.self)
    }()
}
