/// An error a person can act on: a stable machine-readable `code` plus a sentence that says what
/// was wrong and, where possible, what to do instead.
///
/// Every module reports rule violations and bad input with this one type, so the control socket,
/// the HTTP layer and the logs can carry the code unchanged.
public struct TextingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable identifier such as `phone.not_nanp`; clients may branch on it.
    public struct Code: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
    }

    public let code: Code
    /// One or two sentences for the person who caused the error.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) [\(code)]" }
}
