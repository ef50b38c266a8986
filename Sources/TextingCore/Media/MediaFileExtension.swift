/// The extension a stored file gets from its media type, so an operator looking at the media
/// folder can tell a photo from a PDF. Unknown types get `bin`; the type itself stays in the
/// database and is what the file is served with.
public enum MediaFileExtension {
    static let byContentType: [String: String] = [
        "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/heic": "heic", "image/heif": "heif",
        "image/webp": "webp", "image/bmp": "bmp", "image/tiff": "tiff",
        "video/mp4": "mp4", "video/quicktime": "mov", "video/3gpp": "3gp", "video/3gpp2": "3g2", "video/mpeg": "mpg",
        "video/webm": "webm",
        "audio/mpeg": "mp3", "audio/mp4": "m4a", "audio/amr": "amr", "audio/ogg": "ogg", "audio/wav": "wav",
        "audio/x-wav": "wav", "audio/3gpp": "3gp", "audio/aac": "aac",
        "application/pdf": "pdf", "text/vcard": "vcf", "text/x-vcard": "vcf", "text/plain": "txt",
        "text/calendar": "ics",
    ]

    /// The extension for `contentType` (parameters and letter case ignored), without the dot.
    public static func forContentType(_ contentType: String) -> String {
        ContentTypeAllowlist.essence(contentType).flatMap { byContentType[$0] } ?? "bin"
    }
}
