/// A file staff may attach to a message (R5), recognised by its file name's extension (any
/// letter case): photos `jpg`, `jpeg`, `png`, `gif`, `heic`, `webp`; videos `mp4`, `mov`, `3gp`;
/// documents `pdf`. Everything else is refused with `attachment.unsupported_type`.
public struct OutboundMediaType: Hashable, Sendable {
    /// How the client is told about the file.
    public enum Kind: String, Hashable, Sendable {
        /// `You've got a new photo/video message! <link>`.
        case photoVideo
        /// `You've got a new document! <file name> <link>`.
        case document
    }

    /// The MIME type the file is served with.
    public var contentType: String
    public var kind: Kind

    /// The accepted extensions, lower case, with the type each gives.
    public static let byExtension: [String: OutboundMediaType] = [
        "jpg": .init(contentType: "image/jpeg", kind: .photoVideo),
        "jpeg": .init(contentType: "image/jpeg", kind: .photoVideo),
        "png": .init(contentType: "image/png", kind: .photoVideo),
        "gif": .init(contentType: "image/gif", kind: .photoVideo),
        "heic": .init(contentType: "image/heic", kind: .photoVideo),
        "webp": .init(contentType: "image/webp", kind: .photoVideo),
        "mp4": .init(contentType: "video/mp4", kind: .photoVideo),
        "mov": .init(contentType: "video/quicktime", kind: .photoVideo),
        "3gp": .init(contentType: "video/3gpp", kind: .photoVideo),
        "pdf": .init(contentType: "application/pdf", kind: .document),
    ]

    public init(contentType: String, kind: Kind) {
        self.contentType = contentType
        self.kind = kind
    }

    /// The type of `fileName` by its extension.
    ///
    /// - Throws: `attachment.unsupported_type` naming the extension and the accepted ones.
    public init(fileName: String) throws(TextingError) {
        let name = fileName.split(separator: "/").last.map(String.init) ?? fileName
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        let suffix = parts.count > 1 ? String(parts[parts.count - 1]).lowercased() : ""
        guard let known = Self.byExtension[suffix] else {
            let accepted = Self.byExtension.keys.sorted().joined(separator: ", ")
            let what = suffix.isEmpty ? "a file without an extension" : "a .\(suffix) file"
            throw TextingError(.init("attachment.unsupported_type"),
                               "\(name) is \(what); attach photos, videos or PDFs (\(accepted)).")
        }
        self = known
    }

    /// The text that carries the file to the client (R5), word for word from ``Replies``.
    public func linkText(fileName: String, url: String) -> String {
        switch kind {
        case .photoVideo: Replies.photoVideoLink(url: url)
        case .document: Replies.pdfLink(fileName: fileName, url: url)
        }
    }
}
