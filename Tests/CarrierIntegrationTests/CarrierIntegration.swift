import Testing

/// The daemon's carrier path end to end: the real ``WebhookRoutes``, ``OutboxSender`` and
/// ``TwilioClient`` (and, in one suite, the real `twowayd` binary) against `FakeCarrierServer`
/// on 127.0.0.1.
///
/// Serialized: the pacing checks measure time, and the binary test starts processes; running
/// them one at a time keeps the measurements about the sender, not about a busy machine.
@Suite("Carrier integration", .serialized, .timeLimit(.minutes(1)))
enum CarrierIntegration {}
