import NIOCore
import NIOHTTP1

/// `POST /twilio/sms` webhooks as Twilio sends them: the full set of form fields (about 600
/// bytes), a unique `MessageSid` per request, `From` cycling through ``ClientNumbers`` and
/// `To` through the practices' numbers; signed when an auth token is given.
///
/// Use a new instance for every run: each run counts its indexes from 0 and the same index of
/// the same instance gives the same `MessageSid`, which the daemon answers as a duplicate (R6)
/// without storing anything, a much cheaper request.
public struct InboundTextRequests: RequestFactory {
    /// Texts pet owners send; none is a keyword (STOP, HELP, …).
    static let bodies = [
        "Hi, Bella has been scratching her ear since yesterday. Can we come in this week?",
        "Is Dr. Patel in on Thursday? Max needs his booster.",
        "Thanks! See you at 3.",
        "Can I get a refill of Luna's flea medication?",
        "Charlie ate part of a sock, should I be worried?",
        "Running 10 minutes late, sorry!",
        "What time do you close on Friday?",
        "Jane Smith",
    ]
    static let accountSID = "AC" + String(repeating: "0123456789abcdef", count: 2)

    public let host: String
    public let port: Int
    public let clients: ClientNumbers
    public let practiceNumbers: [String]
    public let sids: MessageSIDs
    /// Set for a daemon in `twilio` mode: its `http.publicURL` and the auth token.
    public let signing: (publicURL: String, signer: TwilioSigner)?

    public init(host: String, port: Int, clients: ClientNumbers, practiceNumbers: [String] = [PracticeNumbers.demo],
                sids: MessageSIDs = MessageSIDs(), signing: (publicURL: String, signer: TwilioSigner)? = nil) {
        precondition(!practiceNumbers.isEmpty, "at least one practice number")
        self.host = host
        self.port = port
        self.clients = clients
        self.practiceNumbers = practiceNumbers
        self.sids = sids
        self.signing = signing
    }

    public var label: String { "POST /twilio/sms" }

    public func request(index: Int, shard: Int) -> LoadRequest {
        let sid = sids.sid(shard: shard, index: index)
        let from = clients.number(index)
        // Each client number belongs to one practice, as pet owners do.
        let to = practiceNumbers[(index % clients.count) % practiceNumbers.count]
        return Self.webhook(sid: sid, from: from, to: to, body: Self.bodies[index % Self.bodies.count],
                            host: host, port: port, signing: signing)
    }

    /// One webhook for the given values.
    public static func webhook(
        sid: String, from: String, to: String, body: String, host: String, port: Int,
        signing: (publicURL: String, signer: TwilioSigner)?
    ) -> LoadRequest {
        let fields: [(name: String, value: String)] = [
            ("ToCountry", "US"), ("ToState", ""), ("SmsMessageSid", sid), ("NumMedia", "0"), ("ToCity", ""),
            ("FromZip", "60601"), ("SmsSid", sid), ("FromState", "IL"), ("SmsStatus", "received"),
            ("FromCity", "CHICAGO"), ("Body", body), ("FromCountry", "US"), ("To", to), ("ToZip", ""),
            ("NumSegments", "1"), ("MessageSid", sid), ("AccountSid", accountSID), ("From", from),
            ("ApiVersion", "2010-04-01"),
        ]
        let encoded = FormEncoding.encode(fields)
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: "\(host):\(port)")
        headers.add(name: "User-Agent", value: "TwilioProxy/1.1")
        headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        headers.add(name: "Content-Length", value: String(encoded.utf8.count))
        headers.add(name: "I-Twilio-Idempotency-Token", value: sid)
        if let signing {
            let url = signing.publicURL + "/twilio/sms"
            headers.add(name: TwilioSigner.headerName, value: signing.signer.signature(url: url, fields: fields))
        }
        let head = HTTPRequestHead(version: .http1_1, method: .POST, uri: "/twilio/sms", headers: headers)
        return LoadRequest(head: head, body: ByteBuffer(string: encoded), messageSID: sid)
    }
}
