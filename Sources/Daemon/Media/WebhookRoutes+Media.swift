import Foundation
import Logging
import TextingCore
import TextingStore

extension WebhookRoutes {
    /// `GET /media/<id>?e=<expiry>&s=<signature>` (or `HEAD`): a file the daemon stored (R5 links
    /// to outbound files; staff links to inbound ones), with its `Content-Type`.
    ///
    /// | request | answer |
    /// |---|---|
    /// | valid signature, not expired, file stored | 200 with the bytes; PDFs `Content-Disposition: inline; filename=…` |
    /// | valid signature, expiry passed | 410 |
    /// | anything else: malformed, forged or tampered link, unknown id, file not stored | 404 |
    /// | the database cannot be read | 503 |
    ///
    /// The signature is checked (in constant time) before anything is looked up, so a forged
    /// link learns nothing about which ids exist. Every other response carries
    /// `Content-Security-Policy: sandbox` (PDF viewers refuse to run sandboxed) and `nosniff`, so
    /// a file can never run script in the daemon's origin.
    func mediaFile(_ request: HTTPRequest) async -> HTTPResponse {
        guard request.method == "GET" || request.method == "HEAD" else { return Self.methodNotAllowed("GET, HEAD") }
        guard let media else { return Self.mediaNotFound }
        let id = String(request.path.dropFirst(MediaLinkSigner.pathPrefix.count))
        let query = request.query.flatMap { try? FormParameters(decoding: Array($0.utf8)) }
        guard MediaIdentifier.isWellFormed(id), let expiryText = query?["e"], let signature = query?["s"],
              let expiry = Int64(expiryText), expiryText == String(expiry),
              media.signer.isValid(id: id, expiryText: expiryText, signature: signature)
        else {
            return Self.mediaNotFound
        }
        let now = media.clock()
        guard now.timeIntervalSince1970 < Double(expiry) else {
            return WebhookError(
                status: 410, code: "media.link_expired",
                message: "This link has expired; ask the practice to send the file again.").response
        }
        let record: MediaRecord?
        do {
            record = try await media.store.media(id)
        } catch {
            logger.error("media link could not be resolved", metadata: [
                "event": "media_error", "media": "\(id)", "error": "\(error)",
            ])
            return WebhookError(status: 503, code: "media.unavailable", message: "The file cannot be read right now; try again later.")
                .response
        }
        guard let record, record.attachment.state == .stored, let name = record.attachment.storedPath else {
            return Self.mediaNotFound
        }
        let bytes: [UInt8]
        do {
            bytes = try media.files.read(name)
        } catch {
            logger.error("stored media file unreadable", metadata: [
                "event": "media_file_missing", "media": "\(id)", "error": "\(error)",
            ])
            return Self.mediaNotFound
        }
        let contentType = record.attachment.contentType
        var headers: HTTPFields = [
            "Content-Type": contentType,
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, max-age=\(max(0, min(Int64(86_400), expiry - Int64(now.timeIntervalSince1970))))",
        ]
        if ContentTypeAllowlist.essence(contentType) == "application/pdf" {
            headers.append(name: "Content-Disposition",
                           value: ContentDisposition.inline.header(fileName: record.attachment.fileName ?? "\(id).pdf"))
        } else {
            headers.append(name: "Content-Security-Policy", value: "sandbox")
        }
        logger.info("media served", metadata: [
            "event": "media_served", "media": "\(id)", "bytes": "\(bytes.count)", "method": "\(request.method)",
        ])
        return HTTPResponse(status: 200, headers: headers, body: bytes)
    }

    /// The one answer for every link that does not resolve, whatever the reason.
    static var mediaNotFound: HTTPResponse {
        WebhookError(status: 404, code: "media.not_found", message: "There is no file at this link.").response
    }
}
