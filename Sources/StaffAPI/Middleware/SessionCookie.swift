import Foundation
import Hummingbird

/// The session cookie: `HttpOnly` (scripts cannot read it), `SameSite=Strict` (no other site's
/// page sends it), `Path=/`, and `Secure` when the API's public address is https (W4).
enum SessionCookie {
    static let name = "twowayd_session"

    /// The cookie that carries `token` until `expires`.
    static func make(token: String, expires: Date, secure: Bool) -> Cookie {
        Cookie(
            name: name, value: token, expires: expires, path: "/", secure: secure, httpOnly: true,
            sameSite: .strict)
    }

    /// The cookie that tells the browser to forget the session.
    static func cleared(secure: Bool) -> Cookie {
        Cookie(
            name: name, value: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", secure: secure,
            httpOnly: true, sameSite: .strict)
    }
}
