extension OpenAPIDocument.Part {
    /// Conversations: the list and a thread a page at a time, marking read, starting, replying,
    /// ending, opting out (S1–S7, C1, O1, issue 12).
    static let conversations = OpenAPIDocument.Part(
        paths: #"""
  "/api/v1/conversations": {
    "get": {
      "operationId": "listConversations",
      "summary": "The practice's conversations, active first, then newest activity, a page at a time.",
      "description": "Ordered active first, then by the time of the newest message (a conversation without one by its start), then newest first. Each row carries the client's name, its newest message cut to 160 characters, and the inbound messages the practice has not marked read. Pages are keyset pages: a text that arrives between two pages moves its conversation to the top without repeating or skipping another one.",
      "parameters": [
        {
          "name": "limit",
          "in": "query",
          "description": "Page size, 1-200 (50).",
          "schema": {
            "type": "integer",
            "minimum": 1,
            "maximum": 200
          }
        },
        {
          "name": "after",
          "in": "query",
          "description": "The nextCursor of the previous page (opaque).",
          "schema": {
            "type": "string"
          }
        },
        {
          "name": "all",
          "in": "query",
          "description": "true to include ended conversations.",
          "schema": {
            "type": "boolean"
          }
        }
      ],
      "responses": {
        "200": {
          "description": "A page of conversations.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ConversationPage"
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
    "post": {
      "operationId": "startConversation",
      "summary": "Start a conversation with a client's number, by text or in the app, as the signed-in account.",
      "description": "A number that already has an active conversation is refused with conversation.already_active, naming it. Give firstName and lastName together to create the profile of an unknown number.",
      "parameters": [
        {
          "$ref": "#/components/parameters/CSRFToken"
        }
      ],
      "requestBody": {
        "required": true,
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Start"
            }
          }
        }
      },
      "responses": {
        "201": {
          "description": "Started; the first message, when given, is stored and queued.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/SentMessage"
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
        "403": {
          "$ref": "#/components/responses/Forbidden"
        },
        "409": {
          "$ref": "#/components/responses/Conflict"
        }
      }
    }
  },
  "/api/v1/conversations/{id}": {
    "get": {
      "operationId": "getConversation",
      "summary": "One conversation with its client, subscriptions and a page of its messages.",
      "description": "The newest limit messages before the message before (the newest when absent), oldest first; olderCursor is the before of the next older page, null when there is none.",
      "parameters": [
        {
          "$ref": "#/components/parameters/ConversationID"
        },
        {
          "name": "before",
          "in": "query",
          "description": "The olderCursor of the previous page: a message id.",
          "schema": {
            "type": "string"
          }
        },
        {
          "name": "limit",
          "in": "query",
          "description": "Messages per page, 1-500 (100).",
          "schema": {
            "type": "integer",
            "minimum": 1,
            "maximum": 500
          }
        }
      ],
      "responses": {
        "200": {
          "description": "The thread.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ConversationDetail"
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
        "404": {
          "$ref": "#/components/responses/NotFound"
        }
      }
    }
  },
  "/api/v1/conversations/{id}/read": {
    "post": {
      "operationId": "markRead",
      "summary": "Mark the conversation read up to a message, for the whole practice.",
      "description": "The read mark is the practice's, not the account's: what one member of the front desk read is read for all. It never moves back: a mark already further on stays, and the answer says where it is. A staff reply marks its conversation read up to itself.",
      "parameters": [
        {
          "$ref": "#/components/parameters/ConversationID"
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
              "$ref": "#/components/schemas/Read"
            }
          }
        }
      },
      "responses": {
        "200": {
          "description": "The read mark in force.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ReadMark"
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
        }
      }
    }
  },
  "/api/v1/conversations/{id}/messages": {
    "post": {
      "operationId": "reply",
      "summary": "A staff reply, sent as the signed-in account.",
      "description": "A message the content policy blocks is refused (policy.blocked); one it warns about needs confirm: true (policy.confirmation_required).",
      "parameters": [
        {
          "$ref": "#/components/parameters/ConversationID"
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
              "$ref": "#/components/schemas/Reply"
            }
          }
        }
      },
      "responses": {
        "201": {
          "description": "Stored and queued for sending.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/SentMessage"
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
        "403": {
          "$ref": "#/components/responses/Forbidden"
        },
        "404": {
          "$ref": "#/components/responses/NotFound"
        },
        "409": {
          "$ref": "#/components/responses/Conflict"
        }
      }
    }
  },
  "/api/v1/conversations/{id}/end": {
    "post": {
      "operationId": "endConversation",
      "summary": "End the conversation; the number's next text opens a new one.",
      "parameters": [
        {
          "$ref": "#/components/parameters/ConversationID"
        },
        {
          "$ref": "#/components/parameters/CSRFToken"
        }
      ],
      "responses": {
        "200": {
          "description": "Ended.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Ended"
              }
            }
          }
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
        "409": {
          "$ref": "#/components/responses/Conflict"
        }
      }
    }
  },
  "/api/v1/conversations/{id}/opt-out": {
    "post": {
      "operationId": "optOut",
      "summary": "Opt the conversation's number out of 2-way texting.",
      "parameters": [
        {
          "$ref": "#/components/parameters/ConversationID"
        },
        {
          "$ref": "#/components/parameters/CSRFToken"
        }
      ],
      "responses": {
        "200": {
          "description": "The number's subscriptions and their history.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Subscriptions"
              }
            }
          }
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
        "409": {
          "$ref": "#/components/responses/Conflict"
        }
      }
    }
  }
"""#,
        schemas: #"""
  "Conversation": {
    "type": "object",
    "required": [
      "id",
      "practice",
      "title",
      "phone",
      "channel",
      "channelLabel",
      "active",
      "createdAt"
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
      "title": {
        "type": "string"
      },
      "phone": {
        "type": "string",
        "description": "E.164."
      },
      "clientId": {
        "type": [
          "integer",
          "null"
        ],
        "format": "int64"
      },
      "clientName": {
        "type": [
          "string",
          "null"
        ]
      },
      "channel": {
        "type": "string",
        "enum": [
          "text",
          "app"
        ]
      },
      "channelLabel": {
        "type": "string",
        "examples": [
          "Sent via Text",
          "Sent from App"
        ]
      },
      "active": {
        "type": "boolean"
      },
      "createdAt": {
        "type": "string",
        "format": "date-time"
      },
      "endedAt": {
        "type": [
          "string",
          "null"
        ],
        "format": "date-time"
      },
      "profileBot": {
        "type": [
          "string",
          "null"
        ]
      },
      "afterHoursOverrideUntil": {
        "type": [
          "string",
          "null"
        ],
        "format": "date-time"
      },
      "lastMessage": {
        "oneOf": [
          {
            "$ref": "#/components/schemas/MessagePreview"
          },
          {
            "type": "null"
          }
        ],
        "description": "The newest message; absent or null when there is none."
      },
      "unread": {
        "type": "integer",
        "minimum": 0,
        "description": "Inbound messages after the practice's read mark."
      },
      "lastActivityAt": {
        "type": "string",
        "format": "date-time",
        "description": "The newest message's time, else the conversation's start."
      },
      "clientReadThrough": {
        "type": "integer",
        "format": "int64",
        "description": "The read receipt: the newest message the client has read in the pet owner's app; absent when none."
      },
      "clientReadAt": {
        "type": "string",
        "format": "date-time",
        "description": "When the client read through clientReadThrough; absent when never."
      }
    }
  },
  "MessagePreview": {
    "type": "object",
    "required": [
      "id",
      "direction",
      "author",
      "body",
      "channel",
      "channelLabel",
      "createdAt"
    ],
    "properties": {
      "id": {
        "type": "integer",
        "format": "int64"
      },
      "direction": {
        "type": "string",
        "enum": [
          "inbound",
          "outbound"
        ]
      },
      "author": {
        "type": "string",
        "description": "client, staff:<name>, system or reminder."
      },
      "body": {
        "type": "string",
        "description": "The first 160 characters."
      },
      "channel": {
        "type": "string",
        "enum": [
          "text",
          "app"
        ]
      },
      "channelLabel": {
        "type": "string"
      },
      "delivery": {
        "type": [
          "object",
          "null"
        ],
        "description": "Outbound only: state, errorCode and its explanation."
      },
      "createdAt": {
        "type": "string",
        "format": "date-time"
      }
    }
  },
  "Read": {
    "type": "object",
    "properties": {
      "through": {
        "type": "integer",
        "format": "int64",
        "description": "The newest message read, a message of this conversation; absent for its newest message."
      }
    }
  },
  "ReadMark": {
    "type": "object",
    "required": [
      "conversation",
      "unread"
    ],
    "properties": {
      "conversation": {
        "type": "integer",
        "format": "int64"
      },
      "through": {
        "type": "integer",
        "format": "int64",
        "description": "Absent only for a conversation without messages."
      },
      "unread": {
        "type": "integer",
        "minimum": 0
      }
    }
  },
  "ConversationPage": {
    "type": "object",
    "required": [
      "conversations",
      "nextCursor"
    ],
    "properties": {
      "conversations": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/Conversation"
        }
      },
      "nextCursor": {
        "type": [
          "string",
          "null"
        ],
        "description": "The after of the next page; null on the last."
      }
    }
  },
  "ConversationDetail": {
    "type": "object",
    "required": [
      "conversation",
      "subscriptions",
      "messages",
      "olderCursor"
    ],
    "properties": {
      "conversation": {
        "$ref": "#/components/schemas/Conversation"
      },
      "client": {
        "type": [
          "object",
          "null"
        ]
      },
      "subscriptions": {
        "$ref": "#/components/schemas/Subscriptions"
      },
      "messages": {
        "type": "array",
        "items": {
          "type": "object"
        },
        "description": "Oldest first."
      },
      "olderCursor": {
        "type": [
          "string",
          "null"
        ],
        "description": "The before of the next older page; null when there is none."
      }
    }
  },
  "Reply": {
    "type": "object",
    "properties": {
      "message": {
        "type": "string"
      },
      "confirm": {
        "type": "boolean",
        "description": "Send a message the content policy warns about."
      },
      "attachments": {
        "type": "array",
        "items": {
          "type": "string"
        },
        "description": "Ids of finished uploads."
      }
    }
  },
  "Start": {
    "type": "object",
    "required": [
      "to"
    ],
    "properties": {
      "to": {
        "type": "string",
        "description": "The client's number, any usual form."
      },
      "title": {
        "type": "string"
      },
      "firstName": {
        "type": "string"
      },
      "lastName": {
        "type": "string"
      },
      "message": {
        "type": "string"
      },
      "confirm": {
        "type": "boolean"
      },
      "attachments": {
        "type": "array",
        "items": {
          "type": "string"
        }
      }
    }
  },
  "Ended": {
    "type": "object",
    "required": [
      "conversation",
      "active"
    ],
    "properties": {
      "conversation": {
        "type": "integer",
        "format": "int64"
      },
      "active": {
        "type": "boolean"
      }
    }
  },
  "Subscriptions": {
    "type": "object",
    "required": [
      "phone",
      "twoWay",
      "reminders",
      "history"
    ],
    "properties": {
      "phone": {
        "type": "string"
      },
      "twoWay": {
        "type": "boolean"
      },
      "reminders": {
        "type": "boolean"
      },
      "twoWayOptedOutAt": {
        "type": [
          "string",
          "null"
        ],
        "format": "date-time"
      },
      "history": {
        "type": "array",
        "items": {
          "type": "object"
        }
      }
    }
  },
  "SentMessage": {
    "type": "object",
    "required": [
      "conversation",
      "channel",
      "channelLabel"
    ],
    "properties": {
      "conversation": {
        "type": "integer",
        "format": "int64"
      },
      "message": {
        "type": [
          "integer",
          "null"
        ],
        "format": "int64"
      },
      "channel": {
        "type": "string"
      },
      "channelLabel": {
        "type": "string"
      },
      "messages": {
        "type": [
          "array",
          "null"
        ],
        "items": {
          "type": "integer",
          "format": "int64"
        }
      },
      "notice": {
        "type": [
          "string",
          "null"
        ],
        "description": "Set when the conversation ran in the app and this message went by text because chat in the app is no longer available; the reason in plain words, to show to staff."
      }
    }
  }
"""#)
}
