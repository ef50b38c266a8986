/// A stored media file as staff read it (R4, R5): an inbound photo or document, or a file staff
/// sent.
public struct StaffMediaFile: Sendable, Hashable {
    /// The file's id (the one its message lists).
    public var id: String
    /// The type it is served as, e.g. `image/jpeg`.
    public var contentType: String
    /// The name the sender gave it, when known.
    public var fileName: String?
    public var bytes: [UInt8]

    public init(id: String, contentType: String, fileName: String?, bytes: [UInt8]) {
        self.id = id
        self.contentType = contentType
        self.fileName = fileName
        self.bytes = bytes
    }

    /// Whether a browser should show the file in the page (photos) rather than save it.
    public var isImage: Bool { contentType.lowercased().hasPrefix("image/") }
}
