import Foundation
import HTTPTypes
import Hummingbird

/// The address a sign-in attempt counts against in the per-address throttle (W4).
///
/// The socket's peer, except when the peer is the loopback address and the request carries
/// `X-Forwarded-For`: then a TLS proxy on this machine forwarded it, and the last address of
/// that header is the one the proxy saw. (A client cannot spoof that entry: the proxy appends
/// it.) A peer from elsewhere is never trusted with the header.
enum ClientAddress {
    static func of(_ request: Request, peer: String?) -> String {
        let peer = peer ?? "unknown"
        guard peer == "127.0.0.1" || peer == "::1",
              let forwarded = request.headers[.xForwardedFor],
              let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces),
              !last.isEmpty, last.count <= 64
        else { return peer }
        return last
    }
}

extension HTTPField.Name {
    // Safe: a literal HTTP token (letters and hyphens), see ErrorMiddleware.swift.
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
