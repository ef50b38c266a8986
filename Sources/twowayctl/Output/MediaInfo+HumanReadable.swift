import Control

extension MediaInfo {
    /// `[attachment xray.pdf, application/pdf, 120 KB, stored: <link>]`, or with the state:
    /// `pending download`, `failed: <reason>` (R4, R5).
    var humanReadable: String {
        var parts = [fileName ?? contentType]
        if fileName != nil { parts.append(contentType) }
        if let byteCount { parts.append(Self.size(byteCount)) }
        switch state ?? (stored ? "stored" : "pending") {
        case "stored":
            parts.append(url.map { "stored: \($0)" } ?? "stored")
        case "failed":
            parts.append("failed: \(failure ?? "no reason given")")
        default:
            parts.append("pending download" + (failure.map { " (last attempt: \($0))" } ?? ""))
        }
        return "[attachment " + parts.joined(separator: ", ") + "]"
    }

    /// `812 bytes`, `2.5 KB`, `340 KB`, `4.8 MB`: as the daemon writes sizes in its reasons.
    static func size(_ bytes: Int) -> String {
        if bytes < 1_000 { return "\(bytes) bytes" }
        let (tenths, unit) = bytes < 1_000_000 ? (bytes / 100, "KB") : (bytes / 100_000, "MB")
        if tenths >= 100 || tenths % 10 == 0 { return "\(tenths / 10) \(unit)" }
        return "\(tenths / 10).\(tenths % 10) \(unit)"
    }
}
