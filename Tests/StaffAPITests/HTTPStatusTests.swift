import HTTPTypes
@testable import StaffAPI
import Testing
import TextingCore

/// The HTTP status each kind of error code answers with.
@Suite struct HTTPStatusTests {
    @Test("W4, W2: error codes map to 401, 403, 404, 409, 429; a refused input is 400, never 500", arguments: [
        ("auth.not_signed_in", 401), ("auth.invalid_credentials", 401), ("auth.csrf", 403), ("auth.forbidden", 403),
        ("auth.account_disabled", 403), ("conversation.not_found", 404), ("practice.not_found", 404),
        ("account.not_found", 404), ("attachment.not_found", 404), ("conversation.already_active", 409),
        ("auth.throttled", 429), ("store.text_has_nul", 400), ("policy.blocked", 400), ("phone.invalid", 400),
        ("control.bad_args", 400), ("control.unavailable", 503), ("internal.error", 500),
    ])
    func statuses(code: String, status: Int) {
        #expect(TextingError.Code(code).httpStatus.code == status)
    }
}
