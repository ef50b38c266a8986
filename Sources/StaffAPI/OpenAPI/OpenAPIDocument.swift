import Foundation

/// The staff API's OpenAPI 3.1 document, served at `GET /api/v1/openapi.json`.
///
/// Written by hand next to the routes, one ``Part`` per group of routes (the
/// `OpenAPIDocument+<Group>.swift` files); `StaffAPITests` checks that every route the server has
/// is in it and every operation in it is a route of the server, and that it is valid JSON. Kept
/// in Swift strings so the installed binary needs no resource bundle.
enum OpenAPIDocument {
    /// Some paths and the schemas they use, each as JSON object members (`"name": { … }`
    /// separated by commas, without the enclosing braces). The shared parameters
    /// (`ConversationID`, `CSRFToken`) and responses (`Invalid`, `Unauthorized`, `Forbidden`,
    /// `NotFound`, `TooLarge`, `Conflict`, `Throttled`, `Unavailable`) are in ``core``.
    struct Part: Sendable {
        let paths: String
        let schemas: String
    }

    /// Every part, in the document's order.
    static let parts: [Part] = [.core, .session, .conversations, .clients, .practice, .hours, .staffAccounts, .media, .events, .app]

    /// The whole document.
    static let json: String = assemble(parts)

    static func assemble(_ parts: [Part]) -> String {
        func joined(_ pieces: [String]) -> String {
            pieces.filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.joined(separator: ",\n")
        }
        return """
        {
          "openapi": "3.1.0",
          "info": \(Part.info),
          "servers": [{ "url": "/" }],
          "security": [{ "session": [] }],
          "paths": {
        \(joined(parts.map(\.paths)))
          },
          "components": {
            "securitySchemes": \(Part.securitySchemes),
            "parameters": \(Part.parameters),
            "schemas": {
        \(joined(parts.map(\.schemas)))
            },
            "responses": \(Part.responses)
          }
        }
        """
    }
}

extension OpenAPIDocument.Part {
    /// The document itself, and the error schema every part answers with.
    static let core = OpenAPIDocument.Part(
        paths: #"""
  "/api/v1/openapi.json": {
    "get": {
      "operationId": "getOpenAPIDocument",
      "summary": "This document.",
      "security": [],
      "responses": {
        "200": {
          "description": "The OpenAPI document.",
          "content": {
            "application/json": {}
          }
        }
      }
    }
  }
"""#,
        schemas: #"""
  "Error": {
    "type": "object",
    "required": [
      "error"
    ],
    "properties": {
      "error": {
        "type": "object",
        "required": [
          "code",
          "message"
        ],
        "properties": {
          "code": {
            "type": "string",
            "examples": [
              "auth.invalid_credentials"
            ]
          },
          "message": {
            "type": "string"
          }
        }
      }
    }
  }
"""#)

    static let info = #"""
{
  "title": "twowayd staff API",
  "version": "1",
  "description": "The staff inbox's JSON API. Sign in with POST /api/v1/session; the answer sets an HttpOnly session cookie and returns a CSRF token that every change (POST, PUT, PATCH, DELETE) must carry in the X-CSRF-Token header. Every refusal is {\"error\": {\"code\", \"message\"}} with the same codes as the control socket."
}
"""#

    static let securitySchemes = #"""
{
  "session": {
    "type": "apiKey",
    "in": "cookie",
    "name": "twowayd_session"
  },
  "appToken": {
    "type": "http",
    "scheme": "bearer",
    "bearerFormat": "JWT",
    "description": "The pet owner's app (/app/v1): a token the practice platform signs for one client (Docs/app-api.md)."
  }
}
"""#

    static let parameters = #"""
{
  "ConversationID": {
    "name": "id",
    "in": "path",
    "required": true,
    "schema": {
      "type": "integer",
      "format": "int64",
      "minimum": 1
    }
  },
  "CSRFToken": {
    "name": "X-CSRF-Token",
    "in": "header",
    "required": true,
    "description": "The csrfToken of the session.",
    "schema": {
      "type": "string"
    }
  }
}
"""#

    static let responses = #"""
{
  "Invalid": {
    "description": "The request is not valid.",
    "content": {
      "application/json": {
        "schema": {
          "$ref": "#/components/schemas/Error"
        }
      }
    }
  },
  "Unauthorized": {
    "description": "Not signed in (auth.not_signed_in) or wrong login or password (auth.invalid_credentials).",
    "content": {
      "application/json": {
        "schema": {
          "$ref": "#/components/schemas/Error"
        }
      }
    }
  },
  "Forbidden": {
    "description": "The CSRF token is missing or wrong (auth.csrf), or the account's role may not do this (auth.forbidden).",
    "content": {
      "application/json": {
        "schema": {
          "$ref": "#/components/schemas/Error"
        }
      }
    }
  },
  "NotFound": {
    "description": "No such thing in the account's practice.",
    "content": {
      "application/json": {
        "schema": {
          "$ref": "#/components/schemas/Error"
        }
      }
    }
  },
  "TooLarge": {
    "description": "The request body is larger than the route accepts (request.too_large).",
    "content": {
      "application/json": {
        "schema": {
          "$ref": "#/components/schemas/Error"
        }
      }
    }
  },
  "Conflict": {
    "description": "The conversation has ended, or another change got there first.",
    "content": {
      "application/json": {
        "schema": {
          "$ref": "#/components/schemas/Error"
        }
      }
    }
  },
  "Unavailable": {
    "description": "This daemon cannot do it now or at all (control.unavailable), e.g. get a number from its carrier.",
    "content": {
      "application/json": {
        "schema": {
          "$ref": "#/components/schemas/Error"
        }
      }
    }
  },
  "Throttled": {
    "description": "Too many failed sign-ins (auth.throttled); try again after Retry-After seconds.",
    "headers": {
      "Retry-After": {
        "schema": {
          "type": "integer"
        }
      }
    },
    "content": {
      "application/json": {
        "schema": {
          "$ref": "#/components/schemas/Error"
        }
      }
    }
  }
}
"""#
}
