import Foundation

/// A version of the practice's mobile app, such as `3.12.1` (S2).
///
/// Written as one or more dot-separated non-negative integers; missing trailing components count
/// as zero, so `3.12` equals `3.12.0`. Comparison is numeric, component by component:
/// `3.10.0` > `3.9.9`.
public struct AppVersion: Comparable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The numbers as written, e.g. `[3, 12, 1]`.
    public let components: [Int]

    /// The version in `text` (surrounding whitespace ignored), or `nil` when it is not one or more
    /// dot-separated runs of ASCII digits (`3.12.1`, `4`, but not `3.x`, `v3.1`, `3..1`, `3.1-beta`).
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ".", omittingEmptySubsequences: false)
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.utf8.count <= 9,
                  part.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                  let number = Int(part)
            else { return nil }
            numbers.append(number)
        }
        components = numbers
    }

    public var description: String { components.map(String.init).joined(separator: ".") }

    /// `components` without trailing zeros: the form equality and hashing use.
    private var significant: ArraySlice<Int> {
        let end = (components.lastIndex { $0 != 0 }).map { $0 + 1 } ?? 0
        return components[..<end]
    }

    public static func == (lhs: AppVersion, rhs: AppVersion) -> Bool { lhs.significant == rhs.significant }

    public func hash(into hasher: inout Hasher) { hasher.combine(Array(significant)) }

    public static func < (lhs: AppVersion, rhs: AppVersion) -> Bool {
        let count = max(lhs.components.count, rhs.components.count)
        for index in 0..<count {
            let left = index < lhs.components.count ? lhs.components[index] : 0
            let right = index < rhs.components.count ? rhs.components[index] : 0
            if left != right { return left < right }
        }
        return false
    }

    /// Decodes from a string such as `"3.12.1"`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let version = AppVersion(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Not an app version: \(text)")
        }
        self = version
    }

    /// Encodes as a string such as `"3.12.1"`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
