import Carrier
import Logging
import Routing
import Synchronization
import TextingCore
import TextingStore

/// The carrier the outbox sends through, built from the configuration, and replaced when a
/// reload brings a new Twilio auth token.
///
/// - `sandbox`: one ``SandboxCarrier``; its simulated status callbacks update the store (C3).
/// - `twilio`: a ``TwilioClient``. A new token on reload builds a new client for every later
///   send; the old one keeps serving the sends already using it and is shut down with the daemon.
public final class CarrierConnection: CarrierClient, Sendable {
    private struct State {
        var current: any CarrierClient
        var twilio: TwilioClient?
        var twilioConfiguration: TwilioClient.Configuration?
        var retired: [TwilioClient] = []
    }

    private let state: Mutex<State>
    /// The sandbox carrier, when that is the kind (for its handset inboxes in tests and demos).
    public let sandbox: SandboxCarrier?

    /// A connection for `loaded`'s carrier.
    ///
    /// The sandbox's delivery statuses are applied as the carrier's callbacks are, through
    /// `router` (stored, announced to live views).
    public init(_ loaded: LoadedConfiguration, router: Router, logger: Logger) async {
        if let twilio = Self.twilioConfiguration(loaded) {
            let client = TwilioClient(configuration: twilio)
            sandbox = nil
            state = Mutex(State(current: client, twilio: client, twilioConfiguration: twilio))
        } else {
            let carrier = SandboxCarrier()
            await carrier.onStatus { sid, deliveryState, errorCode in
                do {
                    _ = try await router.recordDeliveryStatus(carrierSID: sid, state: deliveryState, errorCode: errorCode)
                } catch {
                    logger.error("sandbox delivery status not stored", metadata: [
                        "event": "delivery_status_error", "message_sid": "\(sid)", "error": "\(error)",
                    ])
                }
            }
            sandbox = carrier
            state = Mutex(State(current: carrier))
        }
    }

    public func send(_ request: OutboundRequest) async throws(CarrierError) -> CarrierReceipt {
        let carrier = state.withLock { $0.current }
        return try await carrier.send(request)
    }

    /// The Twilio client new requests go through; nil with the sandbox carrier.
    var currentTwilio: TwilioClient? {
        state.withLock { $0.twilio }
    }

    /// Takes a reloaded configuration's Twilio credentials into use; returns whether the client
    /// was replaced. The carrier kind itself only changes with a restart.
    @discardableResult
    public func apply(_ loaded: LoadedConfiguration) -> Bool {
        guard let configuration = Self.twilioConfiguration(loaded) else { return false }
        return state.withLock { state in
            guard state.twilio != nil, state.twilioConfiguration != configuration else { return false }
            let client = TwilioClient(configuration: configuration)
            if let old = state.twilio { state.retired.append(old) }
            state.current = client
            state.twilio = client
            state.twilioConfiguration = configuration
            return true
        }
    }

    /// Closes the Twilio clients' connections; call once, when the daemon stops.
    public func shutdown() async {
        let clients = state.withLock { state in
            (state.twilio.map { [$0] } ?? []) + state.retired
        }
        for client in clients { await client.shutdown() }
    }

    private static func twilioConfiguration(_ loaded: LoadedConfiguration) -> TwilioClient.Configuration? {
        let carrier = loaded.configuration.carrier
        guard carrier.kind == .twilio, let account = carrier.accountSID,
              let token = loaded.credentials.twilioAuthToken
        else { return nil }
        return TwilioClient.Configuration(
            accountSID: account, authToken: token, statusCallbackBaseURL: loaded.configuration.http.publicURL,
            apiBaseURL: carrier.apiBaseURL)
    }
}
