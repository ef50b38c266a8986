import Foundation

/// The media types the daemon keeps (R4): patterns `type/subtype`, `type/*` or `*/*`, compared
/// ignoring letter case and parameters (`text/plain; charset=utf-8` is `text/plain`).
public struct ContentTypeAllowlist: Hashable, Sendable {
    /// The default: photos, videos, audio, PDFs, contact cards and plain text.
    public static let defaultPatterns = ["image/*", "video/*", "audio/*", "application/pdf", "text/vcard", "text/plain"]

    /// The patterns as configured, lower case.
    public let patterns: [String]

    /// - Throws: `media.invalid_content_type` for a pattern that is not `type/subtype`,
    ///   `type/*` or `*/*`.
    public init(_ patterns: [String]) throws(TextingError) {
        var normalized: [String] = []
        for pattern in patterns {
            guard let valid = Self.normalizedPattern(pattern) else {
                throw TextingError(.init("media.invalid_content_type"),
                                   "\"\(pattern)\" is not a media type pattern such as image/* or application/pdf.")
            }
            normalized.append(valid)
        }
        self.patterns = normalized
    }

    /// The allowlist of ``defaultPatterns``.
    public static var standard: ContentTypeAllowlist {
        ContentTypeAllowlist(checked: defaultPatterns)
    }

    private init(checked: [String]) {
        patterns = checked
    }

    /// Whether `contentType` (a header value, parameters allowed) matches a pattern.
    public func allows(_ contentType: String) -> Bool {
        guard let essence = Self.essence(contentType) else { return false }
        let type = essence.prefix { $0 != "/" }
        return patterns.contains { pattern in
            pattern == "*/*" || pattern == essence || (pattern.hasSuffix("/*") && pattern.dropLast(2) == type)
        }
    }

    /// `type/subtype` of a header value, lower case without parameters; nil when malformed.
    public static func essence(_ contentType: String) -> String? {
        let head = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let trimmed = head.trimmingCharacters(in: .whitespaces).lowercased()
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(isTokenCharacter) }) else { return nil }
        return trimmed
    }

    static func normalizedPattern(_ pattern: String) -> String? {
        let trimmed = pattern.trimmingCharacters(in: .whitespaces).lowercased()
        if trimmed == "*/*" { return trimmed }
        if trimmed.hasSuffix("/*") {
            let type = trimmed.dropLast(2)
            return !type.isEmpty && !type.contains("*") && type.allSatisfy(isTokenCharacter) ? trimmed : nil
        }
        return essence(trimmed) == trimmed && !trimmed.contains("*") ? trimmed : nil
    }

    /// RFC 9110 token characters.
    private static func isTokenCharacter(_ character: Character) -> Bool {
        guard character.isASCII, let value = character.asciiValue else { return false }
        if character.isLetter || character.isNumber { return true }
        return "!#$%&'*+-.^_`|~".utf8.contains(value)
    }
}
