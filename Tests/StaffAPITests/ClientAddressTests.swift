import HTTPTypes
import Hummingbird
@testable import StaffAPI
import Testing

/// W4: which address a failed sign-in counts against.
@Suite struct ClientAddressTests {
    static func request(forwardedFor: String?) -> Request {
        var head = HTTPRequest(method: .post, scheme: "http", authority: "127.0.0.1", path: "/api/v1/session")
        if let forwardedFor { head.headerFields[.init("X-Forwarded-For")!] = forwardedFor }
        return Request(head: head, body: .init(buffer: ByteBuffer()))
    }

    @Test("W4: behind a TLS proxy on loopback the proxy's last X-Forwarded-For address counts")
    func loopbackProxy() {
        let request = Self.request(forwardedFor: "198.51.100.7, 203.0.113.9")
        #expect(ClientAddress.of(request, peer: "127.0.0.1") == "203.0.113.9")
        #expect(ClientAddress.of(request, peer: "::1") == "203.0.113.9")
    }

    @Test("W4: a remote peer cannot choose its address with X-Forwarded-For")
    func remotePeerIsTrusted() {
        let request = Self.request(forwardedFor: "203.0.113.9")
        #expect(ClientAddress.of(request, peer: "192.0.2.10") == "192.0.2.10")
        #expect(ClientAddress.of(Self.request(forwardedFor: nil), peer: "127.0.0.1") == "127.0.0.1")
        #expect(ClientAddress.of(Self.request(forwardedFor: nil), peer: nil) == "unknown")
    }
}
