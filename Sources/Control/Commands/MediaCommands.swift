/// `media.upload`: sends a file staff will attach to a message (R5), in parts of at most about
/// 700 KB of base64 so each request stays under the 1 MiB line limit.
///
/// The first part leaves out `upload` and names the file (`fileName`, whose extension decides the
/// type: jpg, jpeg, png, gif, heic, webp, mp4, mov, 3gp or pdf) and may announce its size
/// (`totalBytes`), so a file that is too large or of another type is refused before any bytes
/// are sent. The answer's `upload` id goes in every later part. The last part leaves out `more`
/// (or sets it false); the finished upload is then attached by id with `attachments` in
/// `conversation.reply` or `conversation.start` within 15 minutes.
public struct MediaUploadCommand: ControlCommand, PracticeScoped {
    public typealias Result = MediaUploadInfo
    public static let name = "media.upload"
    public var practice: Int64?
    /// The upload the part belongs to; nil opens a new one.
    public var upload: String?
    /// The file's name (first part); its extension decides the type.
    public var fileName: String?
    /// The whole file's size in bytes, when known (first part).
    public var totalBytes: Int?
    /// This part's bytes, base64 (standard alphabet, padding optional).
    public var data: String
    /// More parts follow.
    public var more: Bool?

    public init(
        practice: Int64?, upload: String? = nil, fileName: String? = nil, totalBytes: Int? = nil, data: String,
        more: Bool? = nil
    ) {
        self.practice = practice
        self.upload = upload
        self.fileName = fileName
        self.totalBytes = totalBytes
        self.data = data
        self.more = more
    }
}
