import NIOCore
import NIOHTTP1

/// One HTTP request of a load, ready to write.
public struct LoadRequest: Sendable {
    public var head: HTTPRequestHead
    public var body: ByteBuffer?
    /// The `MessageSid` of an inbound-text webhook; a run that records acknowledgements keeps
    /// the requests answered 2xx, by this id.
    public var messageSID: String?

    public init(head: HTTPRequestHead, body: ByteBuffer?, messageSID: String? = nil) {
        self.head = head
        self.body = body
        self.messageSID = messageSID
    }
}

/// Makes the requests of a load. Each shard of a run calls it from its own event loop with
/// its own increasing indexes (`shard`, `shard + shardCount`, …), so implementations keep no
/// mutable state.
public protocol RequestFactory: Sendable {
    /// Request number `index` (counted over the whole run) for shard `shard`.
    func request(index: Int, shard: Int) -> LoadRequest
    /// What the requests are, for the report (`GET /health`, `POST /twilio/sms`).
    var label: String { get }
}
