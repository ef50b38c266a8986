import LoadKit

/// The crash test's webhooks: new texts with ids unique to the cycle, and every tenth request
/// a text acknowledged in an earlier cycle sent again as the carrier's retry would be (same
/// MessageSid, same fields), which must not be stored twice (R6).
struct CrashRequests: RequestFactory {
    let inbound: InboundTextRequests
    let resend: [LoadRequest]
    let resentSIDs: Set<String>

    init(port: Int, clients: ClientNumbers, cycle: Int, resend: [LoadRequest]) {
        inbound = InboundTextRequests(host: "127.0.0.1", port: port, clients: clients,
                                      sids: MessageSIDs(runPrefix: UInt32(truncatingIfNeeded: cycle &* 2_654_435_761)))
        self.resend = resend
        resentSIDs = Set(resend.compactMap(\.messageSID))
    }

    var label: String { "POST /twilio/sms (crash)" }

    func request(index: Int, shard: Int) -> LoadRequest {
        if index % 10 == 9, !resend.isEmpty {
            return resend[(index / 10) % resend.count]
        }
        return inbound.request(index: index, shard: shard)
    }
}
