/// A response line: `{"v":1,"id":N,"ok":true,"result":{…}}` or
/// `{"v":1,"id":N,"ok":false,"error":{…}}`. `id` is `null` only when the request line was not
/// JSON enough to carry one.
public struct ControlResponse<Result: Codable & Sendable>: Codable, Sendable {
    public var v: Int
    public var id: Int?
    public var ok: Bool
    /// Present exactly when `ok`.
    public var result: Result?
    /// Present exactly when not `ok`.
    public var error: ControlErrorBody?

    public static func success(id: Int?, _ result: Result) -> Self {
        Self(v: ControlProtocol.version, id: id, ok: true, result: result, error: nil)
    }

    public static func failure(id: Int?, _ error: ControlErrorBody) -> Self {
        Self(v: ControlProtocol.version, id: id, ok: false, result: nil, error: error)
    }

    private enum CodingKeys: String, CodingKey { case v, id, ok, result, error }

    /// Writes `id` even when it is nil (as `null`), so every response has the same members.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(v, forKey: .v)
        try container.encode(id, forKey: .id)
        try container.encode(ok, forKey: .ok)
        try container.encodeIfPresent(result, forKey: .result)
        try container.encodeIfPresent(error, forKey: .error)
    }
}

/// Why a request failed: a stable `code` to branch on (the daemon's `TextingError` codes such as
/// `texting.no_number`, or a `control.*` code from ``ControlErrorCode``), one sentence for people,
/// and for some errors a list of details (the bad rows of a directory import).
public struct ControlErrorBody: Codable, Sendable, Hashable, Error, CustomStringConvertible {
    public var code: String
    public var message: String
    /// Each problem of a request that had several (e.g. one per bad CSV row), in order.
    public var details: [ControlErrorDetail]?

    public init(code: String, message: String, details: [ControlErrorDetail]? = nil) {
        self.code = code
        self.message = message
        self.details = details
    }

    public var description: String { "\(message) [\(code)]" }
}

/// One problem of a request that had several.
public struct ControlErrorDetail: Codable, Sendable, Hashable {
    /// The 1-based line of the input the problem is on, when it is about an input file.
    public var line: Int?
    public var message: String

    public init(line: Int?, message: String) {
        self.line = line
        self.message = message
    }
}

/// The codes of errors the protocol layer itself reports. Rule errors keep the daemon's codes.
public enum ControlErrorCode {
    /// The line is not a JSON object with `v`, `id` and `command`.
    public static let malformedRequest = "control.malformed_request"
    /// `v` is not ``ControlProtocol/version``.
    public static let unsupportedVersion = "control.unsupported_version"
    /// No command has that name.
    public static let unknownCommand = "control.unknown_command"
    /// `args` is missing a member, has one of the wrong type, or a value that is not allowed.
    public static let badArguments = "control.bad_args"
    /// The line is longer than ``ControlProtocol/maxRequestBytes``.
    public static let requestTooLarge = "control.request_too_large"
    /// The connecting user is not in `control.allowedUsers` or `control.allowedGroups`.
    public static let forbidden = "control.forbidden"
    /// The command exists but this daemon cannot carry it out (e.g. sandbox commands with a
    /// real carrier).
    public static let unavailable = "control.unavailable"
    /// Something failed inside the daemon; the message says what, the journal has more.
    public static let internalError = "control.internal"
}
