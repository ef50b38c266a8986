extension OpenAPIDocument.Part {
    /// Clients by last name (S3), one client's profile (R3, A5, C2) and a number's subscriptions (O1, O4).
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
  },
  "/api/v1/clients/{id}": {
    "get": {
      "operationId": "getClient",
      "summary": "One client's profile: names, email (and whether the PMS lacks it), numbers with their subscriptions, app chat availability.",
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "description": "The client's id.",
          "schema": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          }
        }
      ],
      "responses": {
        "200": {
          "description": "The client.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Client"
              }
            }
          }
        },
        "401": {
          "$ref": "#/components/responses/Unauthorized"
        },
        "404": {
          "$ref": "#/components/responses/NotFound"
        }
      }
    },
    "patch": {
      "operationId": "editClient",
      "summary": "Change a client's first name, last name or email for later conversations.",
      "description": "A left-out member stays, an empty one is cleared. Stored messages keep the name they had. An email the PMS directory does not hold sets emailMissingFromPMS.",
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "description": "The client's id.",
          "schema": {
            "type": "integer",
            "format": "int64",
            "minimum": 1
          }
        },
        {
          "$ref": "#/components/parameters/CSRFToken"
        }
      ],
      "requestBody": {
        "required": true,
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ClientChange"
            }
          }
        }
      },
      "responses": {
        "200": {
          "description": "The client as changed.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Client"
              }
            }
          }
        },
        "400": {
          "$ref": "#/components/responses/Invalid"
        },
        "401": {
          "$ref": "#/components/responses/Unauthorized"
        },
        "403": {
          "$ref": "#/components/responses/Forbidden"
        },
        "404": {
          "$ref": "#/components/responses/NotFound"
        },
        "413": {
          "$ref": "#/components/responses/TooLarge"
        }
      }
    }
  },
  "/api/v1/subscriptions/{phone}": {
    "get": {
      "operationId": "getSubscriptions",
      "summary": "A number's subscriptions at the practice (2-way texting, reminders) and every change with who, how and when.",
      "parameters": [
        {
          "name": "phone",
          "in": "path",
          "required": true,
          "description": "The number, E.164 (e.g. +13125550142) or any usual form, percent-encoded.",
          "schema": {
            "type": "string"
          }
        }
      ],
      "responses": {
        "200": {
          "description": "The subscriptions and their history, oldest change first.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Subscriptions"
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
    },
    "put": {
      "operationId": "setSubscriptions",
      "summary": "Subscribe or unsubscribe a number to 2-way texting and/or reminders, recorded under the signed-in account.",
      "description": "A left-out member stays as it is; at least one is needed.",
      "parameters": [
        {
          "name": "phone",
          "in": "path",
          "required": true,
          "description": "The number, E.164 (e.g. +13125550142) or any usual form, percent-encoded.",
          "schema": {
            "type": "string"
          }
        },
        {
          "$ref": "#/components/parameters/CSRFToken"
        }
      ],
      "requestBody": {
        "required": true,
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/SubscriptionChange"
            }
          }
        }
      },
      "responses": {
        "200": {
          "description": "The subscriptions and their history.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Subscriptions"
              }
            }
          }
        },
        "400": {
          "$ref": "#/components/responses/Invalid"
        },
        "401": {
          "$ref": "#/components/responses/Unauthorized"
        },
        "403": {
          "$ref": "#/components/responses/Forbidden"
        },
        "413": {
          "$ref": "#/components/responses/TooLarge"
        }
      }
    }
  }
"""#,
        schemas: #"""
  "Client": {
    "type": "object",
    "required": [
      "id",
      "source",
      "emailMissingFromPMS",
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
      "externalId": {
        "type": "string",
        "description": "The PMS's client id, for directory rows."
      },
      "firstName": {
        "type": "string"
      },
      "lastName": {
        "type": "string"
      },
      "name": {
        "type": "string"
      },
      "email": {
        "type": "string"
      },
      "emailMissingFromPMS": {
        "type": "boolean",
        "description": "The email is not in the PMS directory: a chance to add it there."
      },
      "phones": {
        "type": "array",
        "items": {
          "type": "object",
          "required": [
            "number",
            "twoWay",
            "reminders"
          ],
          "properties": {
            "number": {
              "type": "string"
            },
            "twoWay": {
              "type": "boolean"
            },
            "reminders": {
              "type": "boolean"
            }
          }
        }
      },
      "chat": {
        "type": "object",
        "required": [
          "available"
        ],
        "properties": {
          "available": {
            "type": "boolean"
          },
          "reasonCode": {
            "type": "string",
            "enum": [
              "practiceAppChatOff",
              "notInstalledOrSignedIn",
              "chatDisabled",
              "appOutdated"
            ]
          },
          "reason": {
            "type": "string"
          }
        }
      }
    }
  },
  "ClientList": {
    "type": "object",
    "required": [
      "clients"
    ],
    "properties": {
      "clients": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/Client"
        }
      }
    }
  },
  "ClientChange": {
    "type": "object",
    "properties": {
      "firstName": {
        "type": "string"
      },
      "lastName": {
        "type": "string"
      },
      "email": {
        "type": "string"
      }
    }
  },
  "SubscriptionChange": {
    "type": "object",
    "properties": {
      "twoWay": {
        "type": "boolean"
      },
      "reminders": {
        "type": "boolean"
      }
    }
  }
"""#)
}
