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

/// A bounded, uniformly sampled set of acknowledged requests to resend (reservoir sampling).
struct ResendPool {
    let capacity: Int
    private(set) var sample: [LoadRequest] = []
    private var seen = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    mutating func offer(_ request: LoadRequest, random: inout SplitMix64) {
        seen += 1
        if sample.count < capacity {
            sample.append(request)
        } else {
            let slot = Int(random.next() % UInt64(seen))
            if slot < capacity { sample[slot] = request }
        }
    }
}

/// A small seeded generator, so a failing run can be repeated with `--seed`.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
