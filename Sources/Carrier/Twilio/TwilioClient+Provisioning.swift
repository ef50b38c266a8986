import Foundation
import TextingCore

extension TwilioClient: NumberProvisioning {
    /// The carrier's code for "the number you asked to buy is no longer available".
    static let numberNoLongerAvailable = 21422
    /// Search-and-buy rounds tried when someone else buys the found number first.
    static let provisioningAttempts = 3

    /// Buys a toll-free number (E2) in two calls:
    /// 1. `GET …/AvailablePhoneNumbers/{US|CA}/TollFree.json?SmsEnabled=true&VoiceEnabled=true&PageSize=1`
    ///    → the first `phone_number` (voice too, because calls to the number are forwarded, E6);
    /// 2. `POST …/IncomingPhoneNumbers.json` with `PhoneNumber`, `SmsUrl`, `VoiceUrl`,
    ///    `StatusCallback` → the bought `phone_number`.
    ///
    /// When the carrier answers the purchase with 21422 (another customer took the number
    /// between the two calls) the search is repeated, at most three rounds in all. `excluding`
    /// is ignored: the carrier never offers a number the account already owns.
    ///
    /// - Throws: ``CarrierError``: no number available (code nil, not retryable, the message
    ///   names the country); a found or bought number that is not a usable North American
    ///   number (not retryable; for a bought one the message names it and its `PN…` sid so an
    ///   operator can release it); otherwise as ``send(_:)`` classifies answers.
    public func provisionTollFreeNumber(
        country: PhoneCountry, smsURL: String, voiceURL: String, statusURL: String, excluding _: Set<PhoneNumber>
    ) async throws(CarrierError) -> PhoneNumber {
        var round = 1
        while true {
            let candidate = try await searchTollFreeNumber(country: country)
            do {
                return try await buy(candidate, smsURL: smsURL, voiceURL: voiceURL, statusURL: statusURL)
            } catch where error.code == Self.numberNoLongerAvailable && round < Self.provisioningAttempts {
                round += 1
            }
        }
    }

    /// The first toll-free number with texting and voice the carrier offers in `country`.
    private func searchTollFreeNumber(country: PhoneCountry) async throws(CarrierError) -> PhoneNumber {
        let response = try await perform(
            .get, path: "/AvailablePhoneNumbers/\(country.rawValue)/TollFree.json",
            query: [("SmsEnabled", "true"), ("VoiceEnabled", "true"), ("PageSize", "1")])
        guard let body = response.body,
              let page = try? JSONDecoder().decode(AvailableNumbersPage.self, from: body)
        else {
            throw CarrierError(
                code: nil, message: "The carrier's list of available numbers could not be read.", retryable: false)
        }
        guard let raw = page.availablePhoneNumbers?.first?.phoneNumber else {
            throw CarrierError(
                code: nil,
                message: "The carrier has no toll-free numbers with texting available in the \(country.name) "
                    + "right now. Try again later, or ask to use the practice's own number.",
                retryable: false)
        }
        guard let number = PhoneNumber(e164: raw) else {
            throw CarrierError(
                code: nil, message: "The carrier offered \(raw), which is not a US or Canadian number; nothing was bought.",
                retryable: false)
        }
        return number
    }

    /// Buys `number` with our webhooks and returns it as the carrier reports it.
    private func buy(
        _ number: PhoneNumber, smsURL: String, voiceURL: String, statusURL: String
    ) async throws(CarrierError) -> PhoneNumber {
        let response = try await perform(
            .post, path: "/IncomingPhoneNumbers.json",
            form: [("PhoneNumber", number.e164), ("SmsUrl", smsURL), ("VoiceUrl", voiceURL), ("StatusCallback", statusURL)])
        let bought = response.body.flatMap { try? JSONDecoder().decode(IncomingNumber.self, from: $0) }
        guard let raw = bought?.phoneNumber else {
            // The purchase succeeded (2xx) and the number asked for is the one bought.
            return number
        }
        guard let boughtNumber = PhoneNumber(e164: raw) else {
            throw CarrierError(
                code: nil,
                message: "The carrier sold \(raw) (\(bought?.sid ?? "no sid")), which is not a US or Canadian number; "
                    + "release it in the carrier account.",
                retryable: false)
        }
        return boughtNumber
    }

    /// One page of `AvailablePhoneNumbers`; only the numbers are read.
    private struct AvailableNumbersPage: Decodable {
        struct Entry: Decodable {
            var phoneNumber: String?
            enum CodingKeys: String, CodingKey { case phoneNumber = "phone_number" }
        }

        var availablePhoneNumbers: [Entry]?
        enum CodingKeys: String, CodingKey { case availablePhoneNumbers = "available_phone_numbers" }
    }

    /// The part of an `IncomingPhoneNumber` resource the purchase reads.
    private struct IncomingNumber: Decodable {
        var sid: String?
        var phoneNumber: String?
        enum CodingKeys: String, CodingKey {
            case sid
            case phoneNumber = "phone_number"
        }
    }
}
