extension OpenAPIDocument.Part {
    /// Conversation hours and dated exceptions (A3).
    static let hours = OpenAPIDocument.Part(
        paths: #"""
  "/api/v1/practice/hours": {
    "get": {
      "operationId": "getHours",
      "summary": "The conversation hours (weekly and dated exceptions) and whether the practice is open now.",
      "responses": {
        "200": {
          "description": "The hours, in the practice's time zone.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Hours"
              }
            }
          }
        },
        "401": {
          "$ref": "#/components/responses/Unauthorized"
        }
      }
    },
    "put": {
      "operationId": "setWeeklyHours",
      "summary": "Replace the week's conversation hours (admins).",
      "description": "Each day listed gets its intervals (HH:MM-HH:MM; an interval may cross midnight); every day left out is closed. Dated exceptions stay. Every day and interval is checked before anything changes.",
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
              "$ref": "#/components/schemas/Week"
            }
          }
        }
      },
      "responses": {
        "200": {
          "description": "The hours as set.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Hours"
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
    },
    "delete": {
      "operationId": "clearHours",
      "summary": "Remove all conversation hours (admins): the practice is then always open and sends no after-hours replies.",
      "parameters": [
        {
          "$ref": "#/components/parameters/CSRFToken"
        }
      ],
      "responses": {
        "200": {
          "description": "The hours, now not configured.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Hours"
              }
            }
          }
        },
        "401": {
          "$ref": "#/components/responses/Unauthorized"
        },
        "403": {
          "$ref": "#/components/responses/Forbidden"
        }
      }
    }
  },
  "/api/v1/practice/hours/exceptions": {
    "post": {
      "operationId": "setHoursException",
      "summary": "Set one date's hours (admins): closed all day, or special intervals.",
      "description": "Exactly one of closed: true or a non-empty intervals. A date that has an exception gets the new one.",
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
              "$ref": "#/components/schemas/HoursException"
            }
          }
        }
      },
      "responses": {
        "200": {
          "description": "The hours with the exception.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Hours"
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
  },
  "/api/v1/practice/hours/exceptions/{date}": {
    "delete": {
      "operationId": "removeHoursException",
      "summary": "Remove one date's exception (admins): the week's hours apply again.",
      "parameters": [
        {
          "name": "date",
          "in": "path",
          "required": true,
          "description": "YYYY-MM-DD.",
          "schema": {
            "type": "string",
            "format": "date"
          }
        },
        {
          "$ref": "#/components/parameters/CSRFToken"
        }
      ],
      "responses": {
        "200": {
          "description": "The hours without the exception.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Hours"
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
        }
      }
    }
  }
"""#,
        schemas: #"""
  "Hours": {
    "type": "object",
    "required": [
      "practice",
      "timeZone",
      "configured",
      "weekly",
      "exceptions",
      "openNow"
    ],
    "properties": {
      "practice": {
        "type": "integer",
        "format": "int64"
      },
      "timeZone": {
        "type": "string"
      },
      "configured": {
        "type": "boolean",
        "description": "False: always open; weekly and exceptions are empty."
      },
      "weekly": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/DayHours"
        }
      },
      "exceptions": {
        "type": "array",
        "items": {
          "type": "object",
          "required": [
            "date",
            "closed",
            "intervals"
          ],
          "properties": {
            "date": {
              "type": "string",
              "format": "date"
            },
            "closed": {
              "type": "boolean"
            },
            "intervals": {
              "type": "array",
              "items": {
                "type": "string",
                "pattern": "^[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}$",
                "examples": [
                  "08:00-18:00"
                ]
              }
            }
          }
        }
      },
      "openNow": {
        "type": "boolean"
      },
      "opensAt": {
        "type": "string",
        "format": "date-time",
        "description": "When closed now: the next opening within a year."
      }
    }
  },
  "DayHours": {
    "type": "object",
    "required": [
      "day",
      "intervals"
    ],
    "properties": {
      "day": {
        "type": "string",
        "enum": [
          "monday",
          "tuesday",
          "wednesday",
          "thursday",
          "friday",
          "saturday",
          "sunday"
        ]
      },
      "intervals": {
        "type": "array",
        "items": {
          "type": "string",
          "pattern": "^[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}$",
          "examples": [
            "08:00-18:00"
          ]
        }
      }
    }
  },
  "Week": {
    "type": "object",
    "required": [
      "weekly"
    ],
    "properties": {
      "weekly": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/DayHours"
        }
      }
    }
  },
  "HoursException": {
    "type": "object",
    "required": [
      "date"
    ],
    "properties": {
      "date": {
        "type": "string",
        "format": "date"
      },
      "closed": {
        "type": "boolean"
      },
      "intervals": {
        "type": "array",
        "items": {
          "type": "string",
          "pattern": "^[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}$",
          "examples": [
            "08:00-18:00"
          ]
        }
      }
    }
  }
"""#)
}
