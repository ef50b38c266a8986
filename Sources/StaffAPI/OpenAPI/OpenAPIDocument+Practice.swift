extension OpenAPIDocument.Part {
    /// The account's practice: reading it, its settings and features, its number (E1-E3, E7).
    static let practice = OpenAPIDocument.Part(
        paths: #"""
  "/api/v1/practice": {
    "get": {
      "operationId": "getPractice",
      "summary": "The account's practice: name, country, time zone, phones, features, number and whether hours are set.",
      "responses": {
        "200": {
          "description": "The practice.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Practice"
              }
            }
          }
        },
        "401": {
          "$ref": "#/components/responses/Unauthorized"
        }
      }
    },
    "patch": {
      "operationId": "changePractice",
      "summary": "Change the practice's name, country, time zone or phones (admins).",
      "description": "A left-out member stays as it is. A new time zone keeps the conversation hours' wall-clock times.",
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
              "$ref": "#/components/schemas/PracticeChange"
            }
          }
        }
      },
      "responses": {
        "200": {
          "description": "The practice as changed.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Practice"
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
  "/api/v1/practice/app-chat": {
    "post": {
      "operationId": "setAppChat",
      "summary": "Turn app chat on or off (admins). A number can be requested only while it is on.",
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
              "$ref": "#/components/schemas/Toggle"
            }
          }
        }
      },
      "responses": {
        "200": {
          "description": "The practice.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Practice"
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
  "/api/v1/practice/number": {
    "post": {
      "operationId": "requestNumber",
      "summary": "Get the practice a dedicated toll-free texting number (admins).",
      "description": "Only while app chat is on (number.app_chat_required otherwise) and only once (409 when the practice already has a number). 503 control.unavailable when this daemon cannot get numbers from its carrier.",
      "parameters": [
        {
          "$ref": "#/components/parameters/CSRFToken"
        }
      ],
      "responses": {
        "200": {
          "description": "The practice with its number assigned.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Practice"
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
        "409": {
          "$ref": "#/components/responses/Conflict"
        },
        "503": {
          "$ref": "#/components/responses/Unavailable"
        }
      }
    }
  },
  "/api/v1/practice/number/port": {
    "post": {
      "operationId": "requestPort",
      "summary": "Ask to text from the practice's own number (admins).",
      "description": "A carrier that is not eligible is refused with number.port_ineligible and its reason; nothing is charged.",
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
              "$ref": "#/components/schemas/PortRequestBody"
            }
          }
        }
      },
      "responses": {
        "200": {
          "description": "Accepted: the practice, now waiting for the port, and the one-time setup fee recorded in cents.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/PortRequest"
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
        "409": {
          "$ref": "#/components/responses/Conflict"
        },
        "413": {
          "$ref": "#/components/responses/TooLarge"
        }
      }
    }
  },
  "/api/v1/practice/number/port-complete": {
    "post": {
      "operationId": "completePort",
      "summary": "Record that the practice's own number now texts through this service (admins).",
      "parameters": [
        {
          "$ref": "#/components/parameters/CSRFToken"
        }
      ],
      "responses": {
        "200": {
          "description": "The practice with its number ported.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Practice"
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
        "409": {
          "$ref": "#/components/responses/Conflict"
        }
      }
    }
  },
  "/api/v1/practice/texting": {
    "post": {
      "operationId": "setTexting",
      "summary": "Turn 2-way texting on or off (admins).",
      "description": "Turning it on needs a number first (assigned or ported); the refusal says so. While off, texts to the number are stored but not routed and get no automatic reply.",
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
              "$ref": "#/components/schemas/Toggle"
            }
          }
        }
      },
      "responses": {
        "200": {
          "description": "The practice.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Practice"
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
  "Practice": {
    "type": "object",
    "required": [
      "id",
      "name",
      "country",
      "timeZone",
      "practicePhone",
      "emergencyPhone",
      "appChat",
      "texting",
      "number",
      "hoursConfigured"
    ],
    "properties": {
      "id": {
        "type": "integer",
        "format": "int64"
      },
      "name": {
        "type": "string"
      },
      "country": {
        "type": "string",
        "enum": [
          "US",
          "CA"
        ]
      },
      "timeZone": {
        "type": "string",
        "description": "IANA zone, e.g. America/Chicago."
      },
      "practicePhone": {
        "type": "string",
        "description": "E.164; calls to the texting number are forwarded here."
      },
      "emergencyPhone": {
        "type": "string",
        "description": "E.164; named in the after-hours reply."
      },
      "appChat": {
        "type": "boolean"
      },
      "texting": {
        "type": "boolean"
      },
      "number": {
        "type": "object",
        "required": [
          "state"
        ],
        "properties": {
          "state": {
            "type": "string",
            "enum": [
              "none",
              "assigned",
              "port_requested",
              "ported"
            ]
          },
          "number": {
            "type": "string",
            "description": "E.164, except in state none."
          },
          "portCarrier": {
            "type": "string",
            "description": "The current carrier, in state port_requested."
          }
        }
      },
      "hoursConfigured": {
        "type": "boolean",
        "description": "False: no hours set, always open."
      }
    }
  },
  "PracticeChange": {
    "type": "object",
    "properties": {
      "name": {
        "type": "string"
      },
      "country": {
        "type": "string",
        "enum": [
          "US",
          "CA"
        ]
      },
      "timeZone": {
        "type": "string"
      },
      "practicePhone": {
        "type": "string"
      },
      "emergencyPhone": {
        "type": "string"
      }
    }
  },
  "Toggle": {
    "type": "object",
    "required": [
      "enabled"
    ],
    "properties": {
      "enabled": {
        "type": "boolean"
      }
    }
  },
  "PortRequestBody": {
    "type": "object",
    "required": [
      "number",
      "carrier"
    ],
    "properties": {
      "number": {
        "type": "string",
        "description": "The practice's own number, any usual form."
      },
      "carrier": {
        "type": "string",
        "description": "Its current carrier, e.g. Verizon."
      }
    }
  },
  "PortRequest": {
    "type": "object",
    "required": [
      "practice",
      "feeCents"
    ],
    "properties": {
      "practice": {
        "$ref": "#/components/schemas/Practice"
      },
      "feeCents": {
        "type": "integer",
        "examples": [
          29900
        ]
      }
    }
  }
"""#)
}
