import TextingCore
import TextingStore
import TwowayMetrics

extension Router {
    /// Applies a carrier's delivery status for the message it sent as `carrierSID` (C3): only
    /// forward moves are stored. A stored change is announced on ``events``; a status saying the
    /// recipient unsubscribed at the carrier (21610) opts the number out as STOP would. Returns
    /// the message when its state changed.
    public nonisolated func recordDeliveryStatus(
        carrierSID: String, state: DeliveryState, errorCode: Int?
    ) async throws -> MessageRecord? {
        guard let record = try await store.updateDelivery(carrierSID: carrierSID, state: state, errorCode: errorCode) else {
            return nil
        }
        if let change = Change.status(of: record) { events.publish([change]) }
        if errorCode == CarrierErrorCode.recipientUnsubscribed, let practice = record.practiceID {
            try await carrierBlocked(practice: practice, phone: record.phone)
        }
        return record
    }

    /// Counts a send's result and announces the state it left its message in: accepted (sent or queued at the carrier)
    /// or failed for good; a send to be retried changes nothing staff see.
    nonisolated func announceSend(of item: OutboxItem, outcome: SendOutcome) async {
        switch outcome {
        case .accepted: TwowayMetrics.send(result: "accepted", errorCode: nil)
        case .retry: TwowayMetrics.send(result: "retry", errorCode: nil)
        case .failed(let code, _): TwowayMetrics.send(result: "failed", errorCode: code)
        }
        if case .retry = outcome { return }
        guard let record = try? await store.message(item.messageID), let change = Change.status(of: record) else { return }
        events.publish([change])
    }
}
