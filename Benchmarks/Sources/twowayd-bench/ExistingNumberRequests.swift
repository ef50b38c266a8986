import LoadKit

/// Webhooks from numbers that already have a conversation in the startup fixture.
struct ExistingNumberRequests: RequestFactory {
    let port: Int
    let conversations: Int
    let seed: Int
    let sids = MessageSIDs()

    var label: String { "POST /twilio/sms (existing)" }

    func request(index: Int, shard: Int) -> LoadRequest {
        // A spread of conversations, different on every run.
        let k = (index * 48_271 + seed * 7_919 + 13) % conversations
        return InboundTextRequests.webhook(
            sid: sids.sid(shard: seed, index: index),
            from: ClientNumbers.number(at: k), to: PracticeNumbers.demo, body: "Following up on my last message.",
            host: "127.0.0.1", port: port, signing: nil)
    }
}
