import Foundation

/// One syntactically valid email address, as a client may type it in answer to A4's question 3.
///
/// Accepted: surrounding whitespace (dropped), then exactly one `@`; a local part of 1–64 ASCII
/// characters (letters, digits and ``!#$%&'*+/=?^_`{|}~.-``, no leading, trailing or doubled
/// dot); a domain of at least two dot-separated labels (letters, digits and inner hyphens, 1–63
/// characters each) whose last label, the TLD, is 2 or more letters; at most 254 characters in
/// all. Nothing else: `bella@example` (no TLD), `a b@c.com` (a space) and two addresses are
/// refused. Whether the mailbox exists is not checked.
public struct EmailAddress: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The address with its domain lower-cased (`Bella@Example.COM` → `Bella@example.com`); the
    /// local part keeps its case because mail servers may distinguish it.
    public let value: String

    /// The address in `text`, or `nil` when `text` is not exactly one valid address.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.utf8.count <= 254 else { return nil }
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let local = parts[0]
        let domain = parts[1].lowercased()
        guard Self.isValidLocalPart(local), Self.isValidDomain(domain) else { return nil }
        value = "\(local)@\(domain)"
    }

    public var description: String { value }

    /// Decodes from a single string and refuses one that is not a valid address.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let address = EmailAddress(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Not a valid email address: \(text)")
        }
        self = address
    }

    /// Encodes as a single string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    private static let localSpecials = Set("!#$%&'*+/=?^_`{|}~.-".unicodeScalars)

    private static func isValidLocalPart(_ local: Substring) -> Bool {
        guard !local.isEmpty, local.utf8.count <= 64,
              local.first != ".", local.last != ".", !local.contains("..")
        else { return false }
        return local.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (isASCIIAlphanumeric(scalar) || localSpecials.contains(scalar))
        }
    }

    private static func isValidDomain(_ domain: String) -> Bool {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let tld = labels.last, tld.count >= 2,
              tld.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic })
        else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63
                && label.first != "-" && label.last != "-"
                && label.unicodeScalars.allSatisfy { isASCIIAlphanumeric($0) || $0 == "-" }
        }
    }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": true
        default: false
        }
    }
}
