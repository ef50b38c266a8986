extension OpenAPIDocument.Part {
    /// Signing in and out (W4).
    static let session = OpenAPIDocument.Part(
        paths: #"""
  "/api/v1/session": {
    "post": {
      "operationId": "signIn",
      "summary": "Sign in with a login name and password.",
      "description": "Sets the session cookie (HttpOnly, SameSite=Strict, Path=/, Secure when the API's public address is https). Repeated failures for one login or from one address are refused with 429 and Retry-After for a while.",
      "security": [],
      "requestBody": {
        "required": true,
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/SignIn"
            }
          }
        }
      },
      "responses": {
        "201": {
          "description": "Signed in.",
          "headers": {
            "Set-Cookie": {
              "schema": {
                "type": "string"
              },
              "description": "The session cookie."
            }
          },
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Session"
              }
            }
          }
        },
        "400": {
          "$ref": "#/components/responses/Invalid"
        },
        "413": {
          "$ref": "#/components/responses/TooLarge"
        },
        "401": {
          "$ref": "#/components/responses/Unauthorized"
        },
        "429": {
          "$ref": "#/components/responses/Throttled"
        }
      }
    },
    "get": {
      "operationId": "getSession",
      "summary": "The signed-in account, its practice and the CSRF token.",
      "responses": {
        "200": {
          "description": "The session.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Session"
              }
            }
          }
        },
        "401": {
          "$ref": "#/components/responses/Unauthorized"
        }
      }
    },
    "delete": {
      "operationId": "signOut",
      "summary": "Sign out: the session ends at once.",
      "parameters": [
        {
          "$ref": "#/components/parameters/CSRFToken"
        }
      ],
      "responses": {
        "204": {
          "description": "Signed out; the cookie is cleared."
        },
        "401": {
          "$ref": "#/components/responses/Unauthorized"
        },
        "403": {
          "$ref": "#/components/responses/Forbidden"
        }
      }
    }
  }
"""#,
        schemas: #"""
  "SignIn": {
    "type": "object",
    "required": [
      "login",
      "password"
    ],
    "properties": {
      "login": {
        "type": "string"
      },
      "password": {
        "type": "string",
        "format": "password"
      }
    }
  },
  "Account": {
    "type": "object",
    "required": [
      "id",
      "practice",
      "displayName",
      "role"
    ],
    "properties": {
      "id": {
        "type": "integer",
        "format": "int64"
      },
      "practice": {
        "type": "integer",
        "format": "int64"
      },
      "displayName": {
        "type": "string"
      },
      "role": {
        "type": "string",
        "enum": [
          "admin",
          "staff"
        ]
      }
    }
  },
  "SessionPractice": {
    "type": "object",
    "description": "The account's practice; the inbox shows every time in its time zone.",
    "required": [
      "id",
      "name",
      "timeZone"
    ],
    "properties": {
      "id": {
        "type": "integer",
        "format": "int64"
      },
      "name": {
        "type": "string"
      },
      "timeZone": {
        "type": "string",
        "description": "IANA zone, e.g. America/Chicago."
      }
    }
  },
  "Session": {
    "type": "object",
    "required": [
      "account",
      "practice",
      "csrfToken",
      "expiresAt"
    ],
    "properties": {
      "account": {
        "$ref": "#/components/schemas/Account"
      },
      "practice": {
        "$ref": "#/components/schemas/SessionPractice"
      },
      "csrfToken": {
        "type": "string"
      },
      "expiresAt": {
        "type": "string",
        "format": "date-time"
      }
    }
  }
"""#)
}
