/// An upload after one of its parts (`media.upload`, R5).
public struct MediaUploadInfo: Codable, Sendable, Hashable {
    /// The id to send the next parts with and to attach the file by.
    public var upload: String
    /// The file's name as it will be shown (folder part removed).
    public var fileName: String
    /// The type it will be served as, from the extension, e.g. `application/pdf`.
    public var contentType: String
    /// Bytes received so far.
    public var receivedBytes: Int
    /// The last part arrived: the file can be attached.
    public var complete: Bool

    public init(upload: String, fileName: String, contentType: String, receivedBytes: Int, complete: Bool) {
        self.upload = upload
        self.fileName = fileName
        self.contentType = contentType
        self.receivedBytes = receivedBytes
        self.complete = complete
    }
}
