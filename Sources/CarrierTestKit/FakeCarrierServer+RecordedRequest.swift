extension FakeCarrierServer {
    /// One request as the server received it.
    public struct RecordedRequest: Sendable {
        public var method: String
        /// The path without the query.
        public var path: String
        public var query: [(String, String)]
        public var authorization: String?
        public var contentType: String?
        /// The decoded `application/x-www-form-urlencoded` body, in order.
        public var form: [(String, String)]
        /// When the whole request had arrived (monotonic), for pacing measurements.
        public var receivedAt: ContinuousClock.Instant
        /// The HTTP status the server chose for it (a delayed reply's final status); nil when it
        /// closes the connection without answering.
        public var answer: Int?

        /// Every value of form field `name`, in order.
        public func values(_ name: String) -> [String] { form.filter { $0.0 == name }.map(\.1) }
        /// The first value of form field `name`.
        public func value(_ name: String) -> String? { values(name).first }
        /// The first value of query item `name`.
        public func queryValue(_ name: String) -> String? { query.first { $0.0 == name }?.1 }

        /// A `POST …/Messages.json`, i.e. a send.
        public var isSend: Bool { method == "POST" && path.hasSuffix("/Messages.json") }
        /// A send the server accepted (answered 2xx): the carrier now has the message.
        public var isAcceptedSend: Bool { isSend && (answer.map { (200..<300).contains($0) } ?? false) }
    }
}
