extension OpenAPIDocument.Part {
    /// Uploads to attach and the practice's stored files (R4, R5).
    static let media = OpenAPIDocument.Part(
        paths: #"""
  "/api/v1/uploads": {
    "post": {
      "operationId": "upload",
      "summary": "Upload a file to attach to a reply or a new conversation (attachments: [upload]).",
      "description": "The body is the file itself. Its type in Content-Type (image/jpeg, image/png, image/gif, video/mp4 or application/pdf) must match the extension of its name, given in X-File-Name (percent-encoded UTF-8 when not plain ASCII). At most the configured size (media.maxBytes, 5 MB by default); a larger file is refused with attachment.too_large.",
      "parameters": [
        {
          "$ref": "#/components/parameters/CSRFToken"
        },
        {
          "name": "X-File-Name",
          "in": "header",
          "required": true,
          "schema": {
            "type": "string",
            "examples": [
              "xray.jpg"
            ]
          }
        }
      ],
      "requestBody": {
        "required": true,
        "content": {
          "image/jpeg": {
            "schema": {
              "type": "string",
              "contentMediaType": "image/jpeg"
            }
          },
          "image/png": {
            "schema": {
              "type": "string",
              "contentMediaType": "image/png"
            }
          },
          "image/gif": {
            "schema": {
              "type": "string",
              "contentMediaType": "image/gif"
            }
          },
          "video/mp4": {
            "schema": {
              "type": "string",
              "contentMediaType": "video/mp4"
            }
          },
          "application/pdf": {
            "schema": {
              "type": "string",
              "contentMediaType": "application/pdf"
            }
          }
        }
      },
      "responses": {
        "201": {
          "description": "Received; attach it within 15 minutes.",
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Upload"
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
  "/api/v1/media/{id}": {
    "get": {
      "operationId": "getMedia",
      "summary": "A stored file of one of the practice's messages: an inbound photo or document, or a file staff sent.",
      "description": "The id is the one the message's media lists. Another practice's file, a download still pending or failed and an unknown id all answer 404 media.not_found.",
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "description": "The file's id.",
          "schema": {
            "type": "string"
          }
        }
      ],
      "responses": {
        "200": {
          "description": "The file with its type; photos Content-Disposition inline, everything else attachment.",
          "headers": {
            "Content-Disposition": {
              "schema": {
                "type": "string"
              }
            }
          },
          "content": {
            "*/*": {
              "schema": {
                "type": "string",
                "contentMediaType": "application/octet-stream"
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
    }
  }
"""#,
        schemas: #"""
  "Upload": {
    "type": "object",
    "required": [
      "upload",
      "fileName",
      "contentType",
      "receivedBytes",
      "complete"
    ],
    "properties": {
      "upload": {
        "type": "string",
        "description": "The id to attach the file by."
      },
      "fileName": {
        "type": "string"
      },
      "contentType": {
        "type": "string"
      },
      "receivedBytes": {
        "type": "integer"
      },
      "complete": {
        "type": "boolean"
      }
    }
  }
"""#)
}
