import TextingCore

/// The JSON body of every refusal: `{"error": {"code": "...", "message": "..."}}`, with the
/// same codes as the control socket.
struct ErrorBody: Codable, Sendable {
    struct Detail: Codable, Sendable {
        var code: String
        var message: String
    }

    var error: Detail

    init(_ error: TextingError) {
        self.error = Detail(code: error.code.rawValue, message: error.message)
    }
}
