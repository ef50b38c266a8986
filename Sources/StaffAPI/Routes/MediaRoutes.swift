import Foundation
import HTTPTypes
import Hummingbird
import Operations
import TextingCore

/// Files (R4, R5): a staff upload to attach to a reply or a new conversation, and the stored
/// files of the practice's messages (inbound photos and documents, sent attachments) for the
/// inbox page to show. Another practice's file answers `media.not_found`, exactly like one
/// that does not exist (W2).
struct MediaRoutes {
    let operations: Operations

    func add(to routes: APIRoutes, _ group: RouterGroup<StaffRequestContext>) {
        // The raw file as the body, its type in Content-Type and its name (percent-encoded when
        // not plain ASCII) in X-File-Name.
        routes.on(.post, "uploads", in: group) { request, context in
            let caller = try context.requireSession().caller
            let rawName = request.headers[.xFileName] ?? ""
            let upload = try await operations.uploadFile(
                caller, fileName: rawName.removingPercentEncoding ?? rawName,
                contentType: request.headers[.contentType] ?? ""
            ) { limit in
                var request = request
                guard let buffer = try? await request.collectBody(upTo: limit) else { return nil }
                return Array(buffer.readableBytesView)
            }
            return try JSONResponse.make(upload, status: .created)
        }
        routes.on(.get, "media/{id}", in: group) { _, context in
            let caller = try context.requireSession().caller
            let file = try await operations.mediaFile(caller, id: PathParameter.text(context, "id"))
            var headers = HTTPFields()
            headers[.contentType] = file.contentType
            headers[.contentDisposition] = Self.disposition(file)
            headers[.cacheControl] = "private, no-store"
            headers[.xContentTypeOptions] = "nosniff"
            // A file never runs script in the API's origin (PDF viewers refuse a sandbox, so
            // PDFs are downloaded, not shown).
            headers[.contentSecurityPolicy] = "sandbox"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
        }
    }

    /// `inline` for photos (shown in the page), `attachment` for everything else (saved), with
    /// the file's name (its id when it has none).
    static func disposition(_ file: StaffMediaFile) -> String {
        (file.isImage ? ContentDisposition.inline : .attachment).header(fileName: file.fileName ?? file.id)
    }
}

// Safe: literal HTTP tokens (letters and hyphens), see ErrorMiddleware.swift.
extension HTTPField.Name {
    /// The uploaded file's name (percent-encoded UTF-8 when not plain ASCII).
    static let xFileName = HTTPField.Name("X-File-Name")!
}
