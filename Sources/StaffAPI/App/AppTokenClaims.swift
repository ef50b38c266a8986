import Foundation
import JWTKit

/// The claims of an app token (P1). The signature is checked by jwt-kit; the times are checked by
/// ``AppTokenVerifier`` against its own clock, so ``verify(using:)`` checks nothing.
struct AppTokenClaims: JWTPayload {
    /// The client's id in the practice's PMS directory.
    var sub: SubjectClaim
    /// The practice's id, a JSON number.
    var practice: Int64
    var exp: ExpirationClaim
    var nbf: NotBeforeClaim?
    var iat: IssuedAtClaim?

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
