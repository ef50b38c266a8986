import LoadKit

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
