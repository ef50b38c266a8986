extension FakeCarrierServer {
    /// How the server answers one call.
    public indirect enum Reply: Sendable {
        /// `status` with `body` as `application/json`.
        case json(status: Int, body: String)
        /// Waits `duration`, then answers with the reply.
        case delayed(Duration, Reply)
        /// Reads the request, then closes the connection without answering.
        case closeConnection

        /// The status finally sent; nil when the connection is closed instead.
        public var finalStatus: Int? {
            switch self {
            case .json(let status, _): status
            case .delayed(_, let next): next.finalStatus
            case .closeConnection: nil
            }
        }

        /// A REST error answer as the carrier writes it: `{"code":…,"message":…,"status":…}`.
        public static func error(status: Int, code: Int, message: String) -> Reply {
            let escaped = message.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return .json(status: status, body: #"{"code":\#(code),"message":"\#(escaped)","more_info":"https://www.twilio.com/docs/errors/\#(code)","status":\#(status)}"#)
        }
    }
}
