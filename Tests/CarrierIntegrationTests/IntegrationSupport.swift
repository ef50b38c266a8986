import Carrier
import Foundation
import Logging
import TextingCore
@testable import Daemon

#if canImport(Glibc)
import Glibc
#endif

/// Values and helpers shared by the carrier integration tests.
enum IntegrationSupport {
    static let accountSID = "AC0123456789abcdef0123456789abcdef"
    static let authToken = "integration-auth-token"
    /// The daemon's `http.publicURL`: what the carrier calls and signs.
    static let publicURL = "https://texting.example.test"

    /// A version from known-good test input.
    static func version(_ text: String) throws -> AppVersion {
        guard let version = AppVersion(text) else { throw HarnessError(message: "bad version \(text)") }
        return version
    }

    /// The user running the tests, as `control.allowedUsers` names it.
    static var userName: String {
        guard let entry = getpwuid(getuid()) else { return String(getuid()) }
        return String(cString: entry.pointee.pw_name)
    }

    /// A number from known-good test input.
    static func number(_ text: String) throws -> PhoneNumber {
        try PhoneNumber(parsing: text)
    }

    /// Client k's number: 312-555-2xxx, valid Chicago numbers.
    static func client(_ k: Int) throws -> PhoneNumber {
        try number("+1312555" + String(format: "%04d", 2000 + k))
    }

    /// Practice k's toll-free texting number: 833-555-01xx.
    static func practiceNumber(_ k: Int) throws -> PhoneNumber {
        try number("+1833555" + String(format: "%04d", 100 + k))
    }

    /// `fields` form-encoded as the carrier sends them (space as `+`).
    static func encode(_ fields: [FormParameters.Field]) -> [UInt8] {
        func escape(_ text: String) -> String {
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            return (text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text)
                .replacingOccurrences(of: "%20", with: "+")
        }
        return Array(fields.map { escape($0.name) + "=" + escape($0.value) }.joined(separator: "&").utf8)
    }

    /// The carrier's signature of `fields` posted to `url` under `token`.
    static func signature(url: String, fields: [FormParameters.Field], token: String = authToken) -> String {
        TwilioSignature.signature(url: url, fields: fields, authToken: token)
    }

    /// The body of an inbound text from `from` to `to`.
    static func inboundForm(sid: String, from: String, to: String, body: String) -> [FormParameters.Field] {
        [.init("MessageSid", sid), .init("AccountSid", accountSID), .init("From", from), .init("To", to),
         .init("Body", body), .init("NumMedia", "0")]
    }

    /// A fresh directory under /tmp (short, so a Unix socket path inside it fits).
    static func temporaryDirectory(_ prefix: String) throws -> URL {
        let url = URL(fileURLWithPath: "/tmp").appendingPathComponent("\(prefix)-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Waits until `condition` holds, checking every 20 ms; false when `timeout` passed first.
    static func eventually(
        timeout: Duration, _ condition: () async throws -> Bool
    ) async throws -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }

    /// The time between two instants in seconds.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// A logger that drops everything.
let quietLogger = Logger(label: "test.quiet") { _ in SwiftLogNoOpLogHandler() }
