extension OpenAPIDocument.Part {
    /// Searching clients by last name (S3).
    static let clients = OpenAPIDocument.Part(
        paths: #"""
  "/api/v1/clients": {
    "get": {
      "operationId": "searchClients",
      "summary": "The practice's clients with this last name, to start a conversation with one of them.",
      "parameters": [
        {
          "name": "lastName",
          "in": "query",
          "required": true,
          "schema": {
            "type": "string"
          }
        }
      ],
      "responses": {
        "200": {
          "description": "The clients found, each with their numbers and whether app chat is available.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ClientList"
              }
            }
          }
        },
        "400": {
          "$ref": "#/components/responses/Invalid"
        },
        "401": {
          "$ref": "#/components/responses/Unauthorized"
        }
      }
    }
  }
"""#,
        schemas: #"""
  "ClientList": {
    "type": "object",
    "required": [
      "clients"
    ],
    "properties": {
      "clients": {
        "type": "array",
        "items": {
          "type": "object",
          "required": [
            "id",
            "source",
            "phones",
            "chat"
          ],
          "properties": {
            "id": {
              "type": "integer",
              "format": "int64"
            },
            "source": {
              "type": "string",
              "enum": [
                "pms",
                "app",
                "bot",
                "staff"
              ]
            },
            "firstName": {
              "type": [
                "string",
                "null"
              ]
            },
            "lastName": {
              "type": [
                "string",
                "null"
              ]
            },
            "name": {
              "type": [
                "string",
                "null"
              ]
            },
            "email": {
              "type": [
                "string",
                "null"
              ]
            },
            "phones": {
              "type": "array",
              "items": {
                "type": "object"
              }
            },
            "chat": {
              "type": "object"
            }
          }
        }
      }
    }
  }
"""#)
}
