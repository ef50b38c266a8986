import Logging
import Routing
import TextingCore

extension WebhookRoutes {
    /// `POST /twilio/voice`: a client called the texting number (E6). The answer forwards the
    /// call to the practice phone, keeping the caller's number as caller id so the practice
    /// sees who is calling. A number of no practice gets a spoken apology and a hang-up. An id or
    /// number with a control character is 400.
    func voiceCall(_ request: HTTPRequest) async -> HTTPResponse {
        let settings = self.settings.current
        let form: FormParameters
        do {
            form = try verifiedForm(request, settings)
            try form.checkCharacters(identifiers: ["CallSid", "AccountSid", "From", "To"])
        } catch {
            return error.response
        }
        guard let toText = form["To"], let to = try? PhoneNumber(parsing: toText),
              let practice = await router.practice(owning: to)
        else {
            logger.warning("call to a number of no practice", metadata: ["event": "voice_unrouted"])
            return .twiml(VoiceTwiML.unavailable)
        }
        let caller = form["From"].flatMap { try? PhoneNumber(parsing: $0) }
        logger.info("call forwarded", metadata: [
            "event": "voice_forwarded", "practice": "\(practice.id)", "call_sid": "\(form["CallSid"] ?? "")",
            "from": caller.map { settings.phoneFormat.value($0) } ?? "unknown",
        ])
        return .twiml(VoiceTwiML.dial(practice.practicePhone, callerID: caller))
    }
}

/// The TwiML documents of the voice webhook.
enum VoiceTwiML {
    /// `<Dial>` to `target`, ringing for 30 s, connecting the caller only once answered.
    static func dial(_ target: PhoneNumber, callerID: PhoneNumber?) -> String {
        let caller = callerID.map { #" callerId="\#($0.e164)""# } ?? ""
        return #"<?xml version="1.0" encoding="UTF-8"?><Response><Dial\#(caller) timeout="30" answerOnBridge="true">\#(target.e164)</Dial></Response>"#
    }

    static let unavailable =
        #"<?xml version="1.0" encoding="UTF-8"?><Response><Say>Sorry, this number cannot take calls.</Say><Hangup/></Response>"#
}
