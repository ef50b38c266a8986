import Carrier
import Logging
import Routing
import TextingCore

extension WebhookRoutes {
    /// `POST /twilio/sms`: check, parse, store through the router, and acknowledge only after
    /// the router returned, which is after the durable commit (D1). A store failure answers 503
    /// so the carrier retries; a retry of a stored text is recognised by its MessageSid (R6).
    func inboundText(_ request: HTTPRequest) async -> HTTPResponse {
        let settings = self.settings.current
        let message: TwilioInboundMessage
        do {
            message = try TwilioInboundMessage(form: try verifiedForm(request, settings))
        } catch {
            return error.response
        }
        guard let text = message.inboundText else {
            // E8: a client number outside the US and Canada. Nothing is stored: the carrier only
            // delivers such texts by mistake, and 400 tells it (and its error log) why.
            let refusal = message.fromError ?? TextingError(.phoneInvalid, "Not a US or Canadian number.")
            logger.warning("inbound text refused", metadata: [
                "event": "inbound_refused", "message_sid": "\(message.messageSID)",
                "from": settings.phoneFormat.value(raw: message.rawFrom), "code": "\(refusal.code)",
            ])
            return WebhookError(status: 400, code: refusal.code.rawValue, message: "From: \(refusal.message)").response
        }
        guard reachability.isReachable else {
            // The database did not answer its latest check: say so now rather than after a
            // write that would wait for it (M1); the carrier retries or uses the fallback URL.
            return WebhookError(
                status: 503, code: "webhook.not_stored",
                message: "The message could not be stored right now; send it again later.").response
        }
        let outcome: InboundOutcome
        do {
            outcome = try await router.dispatch(text)
        } catch {
            inboundErrors.log(.error, "inbound text not stored; the carrier will retry", metadata: [
                "event": "inbound_error", "message_sid": "\(message.messageSID)",
                "from": settings.phoneFormat.value(text.from), "error": "\(error)",
            ], to: logger)
            return WebhookError(
                status: 503, code: "webhook.not_stored",
                message: "The message could not be stored right now; send it again later.").response
        }
        var metadata: Logger.Metadata = [
            "event": "inbound", "message_sid": "\(message.messageSID)", "from": settings.phoneFormat.value(text.from),
            "disposition": "\(outcome.disposition.rawValue)",
        ]
        if let practice = outcome.practiceID { metadata["practice"] = "\(practice)" }
        if let conversation = outcome.conversationID { metadata["conversation"] = "\(conversation)" }
        if !message.media.isEmpty { metadata["media"] = "\(message.media.count)" }
        logger.info("inbound text", metadata: metadata)
        if !message.media.isEmpty { media?.inboundMediaArrived() }  // R4: downloads run apart; the 200 never waits
        return .twimlAcknowledgement()
    }

    /// The fields of a status callback read as identifiers: a control character in one is 400.
    static let statusCallbackIdentifierFields: Set<String> = [
        "MessageSid", "SmsSid", "AccountSid", "MessageStatus", "SmsStatus", "ErrorCode", "From", "To",
    ]

    /// `POST /twilio/status`: applies a delivery-status callback (C3); a 21610 error also opts
    /// the number out (O5). Callbacks the daemon cannot use are acknowledged all the same, or the
    /// carrier would retry them; a malformed one (an id or status with a control character) is 400.
    func deliveryStatus(_ request: HTTPRequest) async -> HTTPResponse {
        let settings = self.settings.current
        let form: FormParameters
        do {
            form = try verifiedForm(request, settings)
            try form.checkCharacters(identifiers: Self.statusCallbackIdentifierFields)
        } catch {
            return error.response
        }
        guard let callback = CarrierStatusCallback.parse(form: form.pairs) else {
            return .twimlAcknowledgement()
        }
        do {
            let record = try await router.recordDeliveryStatus(
                carrierSID: callback.messageSID, state: callback.state, errorCode: callback.errorCode)
            var metadata: Logger.Metadata = [
                "event": "delivery_status", "message_sid": "\(callback.messageSID)", "state": "\(callback.state.rawValue)",
            ]
            if let code = callback.errorCode { metadata["error_code"] = "\(code)" }
            if let record { metadata["to"] = settings.phoneFormat.value(record.phone) }
            logger.info("delivery status", metadata: metadata)
        } catch {
            deliveryStatusErrors.log(.error, "delivery status not stored; the carrier will retry", metadata: [
                "event": "delivery_status_error", "message_sid": "\(callback.messageSID)", "error": "\(error)",
            ], to: logger)
            return WebhookError(
                status: 503, code: "webhook.not_stored",
                message: "The status could not be stored right now; send it again later.").response
        }
        return .twimlAcknowledgement()
    }

    /// The form of a carrier webhook: `application/x-www-form-urlencoded` (415 otherwise),
    /// well-formed (400 otherwise) and, with a Twilio-compatible carrier, validly signed by
    /// exactly one `X-Twilio-Signature` header (403 otherwise, also for two or more, D4).
    func verifiedForm(_ request: HTTPRequest, _ settings: WebhookSettings) throws(WebhookError) -> FormParameters {
        if let type = request.headers["Content-Type"],
           !type.lowercased().hasPrefix("application/x-www-form-urlencoded") {
            throw WebhookError(
                status: 415, code: "webhook.unsupported_media_type",
                message: "Send the webhook as application/x-www-form-urlencoded.")
        }
        let form: FormParameters
        do {
            form = try FormParameters(decoding: request.body)
        } catch {
            throw WebhookError(status: 400, code: error.code, message: error.message)
        }
        guard settings.requiresSignature else { return form }
        // Exactly one signature: with two, which one counts would be a guess (issue 11).
        let signatures = request.headers.filter { $0.name.lowercased() == TwilioSignature.headerName.lowercased() }
        guard let token = settings.authToken, signatures.count == 1,
              TwilioSignature.isValid(
                signature: signatures[0].value, url: settings.signedURL(for: request), fields: form.fields, authToken: token)
        else {
            signatureWarnings.log(.warning, "webhook signature missing or invalid", metadata: [
                "event": "signature_invalid", "path": "\(request.path)", "signed": "\(!signatures.isEmpty)",
                "signatures": "\(signatures.count)",
            ], to: logger)
            throw WebhookError(
                status: 403, code: "webhook.invalid_signature",
                message: signatures.count > 1
                    ? "The request carries \(signatures.count) \(TwilioSignature.headerName) headers; the carrier sends one."
                    : "The \(TwilioSignature.headerName) header is missing or does not match this request.")
        }
        return form
    }
}
