extension OpenAPIDocument.Part {
    /// The practice's staff accounts, for its admins (W1, W4).
    static let staffAccounts = OpenAPIDocument.Part(
        paths: #"""
  "/api/v1/staff-accounts": {
    "get": {
      "operationId": "listStaffAccounts",
      "summary": "The practice's staff accounts (admins).",
      "responses": {
        "200": {
          "description": "The accounts, by id.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/StaffAccountList"
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
    },
    "post": {
      "operationId": "addStaffAccount",
      "summary": "Create a staff account of the practice (admins).",
      "description": "Login names are unique across the whole service: 3-64 lower-case letters, digits and . _ - @, with a letter. Passwords have at least 10 characters and at most 72 bytes.",
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
              "$ref": "#/components/schemas/NewStaffAccount"
            }
          }
        }
      },
      "responses": {
        "201": {
          "description": "Created.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/StaffAccount"
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
  "/api/v1/staff-accounts/{id}/disable": {
    "post": {
      "operationId": "disableStaffAccount",
      "summary": "Disable an account (admins); its sessions end at once.",
      "description": "An administrator cannot disable their own account (account.self).",
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "description": "The account's id.",
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
      "responses": {
        "200": {
          "description": "The account.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/StaffAccount"
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
  "/api/v1/staff-accounts/{id}/enable": {
    "post": {
      "operationId": "enableStaffAccount",
      "summary": "Let a disabled account sign in again (admins).",
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "description": "The account's id.",
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
      "responses": {
        "200": {
          "description": "The account.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/StaffAccount"
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
        }
      }
    }
  },
  "/api/v1/staff-accounts/{id}/reset-password": {
    "post": {
      "operationId": "resetStaffPassword",
      "summary": "Give an account a new password (admins); its sessions end at once.",
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "description": "The account's id.",
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
              "$ref": "#/components/schemas/NewPassword"
            }
          }
        }
      },
      "responses": {
        "200": {
          "description": "The account.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/StaffAccount"
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
  }
"""#,
        schemas: #"""
  "StaffAccount": {
    "type": "object",
    "required": [
      "id",
      "practice",
      "login",
      "name",
      "role",
      "disabled",
      "createdAt",
      "changedAt"
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
      "login": {
        "type": "string"
      },
      "name": {
        "type": "string",
        "description": "Shown on the account's messages."
      },
      "role": {
        "type": "string",
        "enum": [
          "admin",
          "staff"
        ]
      },
      "disabled": {
        "type": "boolean"
      },
      "createdAt": {
        "type": "string",
        "format": "date-time"
      },
      "changedAt": {
        "type": "string",
        "format": "date-time"
      }
    }
  },
  "StaffAccountList": {
    "type": "object",
    "required": [
      "accounts"
    ],
    "properties": {
      "accounts": {
        "type": "array",
        "items": {
          "$ref": "#/components/schemas/StaffAccount"
        }
      }
    }
  },
  "NewStaffAccount": {
    "type": "object",
    "required": [
      "login",
      "name",
      "role",
      "password"
    ],
    "properties": {
      "login": {
        "type": "string"
      },
      "name": {
        "type": "string"
      },
      "role": {
        "type": "string",
        "enum": [
          "admin",
          "staff"
        ]
      },
      "password": {
        "type": "string",
        "format": "password",
        "minLength": 10
      }
    }
  },
  "NewPassword": {
    "type": "object",
    "required": [
      "password"
    ],
    "properties": {
      "password": {
        "type": "string",
        "format": "password",
        "minLength": 10
      }
    }
  }
"""#)
}
