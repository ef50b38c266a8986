import Carrier
import Foundation
import Logging
import Routing
import TextingCore
import TextingStore
import TextingStoreSQLite
@testable import Daemon

/// Routes over a real SQLite store in a temporary directory, a real router with the sandbox demo
/// practice (texting number +1 800 555 1000), and the sandbox carrier.
struct WebhookHarness {
    static let authToken = "test-auth-token"
    static let publicURL = "https://texting.example.com"

    let directory: TemporaryDirectory
    let store: SQLiteStore
    let router: Router
    let carrier: SandboxCarrier
    let practice: Practice
    let settings: Reloadable<WebhookSettings>
    let routes: WebhookRoutes
    let logs: LogCapture

    static func make(signed: Bool = false, store override: ((SQLiteStore) -> any MessageStore)? = nil) async throws -> WebhookHarness {
        let directory = try TemporaryDirectory()
        let sqlite = try SQLiteStore(path: directory.url.appendingPathComponent("twowayd.sqlite").path)
        let store = override?(sqlite) ?? sqlite
        let router = try await Router(
            store: store,
            configuration: RoutingConfiguration(
                contentPolicy: try ContentPolicy.bundledDefault(), minimumAppVersion: AppVersion("1.0.0")!),  // a valid literal
            logger: quietLogger)
        let practice = try await router.addPractice(try SandboxDemoPractice.make())
        let settings = Reloadable(WebhookSettings(
            requiresSignature: signed, authToken: signed ? authToken : nil, publicURL: publicURL,
            phoneFormat: PhoneLogFormat(showsFullNumbers: false)))
        let logs = LogCapture()
        let routes = WebhookRoutes(router: router, store: store, settings: settings, logger: logs.logger())
        return WebhookHarness(
            directory: directory, store: sqlite, router: router, carrier: SandboxCarrier(), practice: practice,
            settings: settings, routes: routes, logs: logs)
    }

    /// The form body of an inbound text to the demo practice.
    static func inboundForm(
        sid: String = "SM" + UUID().uuidString.replacingOccurrences(of: "-", with: ""),
        from: String = "+13125550142", to: String = "+18005551000", body: String = "Is Bella's food ready?",
        extra: [(String, String)] = []
    ) -> [FormParameters.Field] {
        var fields = [FormParameters.Field("MessageSid", sid), .init("AccountSid", "AC0"), .init("From", from),
                      .init("To", to), .init("Body", body), .init("NumMedia", "0")]
        fields += extra.map { FormParameters.Field($0.0, $0.1) }
        return fields
    }

    /// `fields` form-encoded.
    static func encode(_ fields: [FormParameters.Field]) -> [UInt8] {
        func escape(_ text: String) -> String {
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            return (text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text).replacingOccurrences(of: "%20", with: "+")
        }
        return Array(fields.map { escape($0.name) + "=" + escape($0.value) }.joined(separator: "&").utf8)
    }

    /// A POST of `fields` to `path`, signed with the harness's token when `sign` is true.
    func post(_ path: String, _ fields: [FormParameters.Field], sign: Bool = false, signature: String? = nil) -> HTTPRequest {
        var headers: HTTPFields = ["Content-Type": "application/x-www-form-urlencoded"]
        if sign {
            let value = signature ?? TwilioSignature.signature(
                url: Self.publicURL + path, fields: fields, authToken: Self.authToken)
            headers.append(name: TwilioSignature.headerName, value: value)
        }
        return HTTPRequest(method: "POST", uri: path, headers: headers, body: Self.encode(fields))
    }

    /// Every inbound message stored for the demo practice, in and outside conversations.
    func inboundMessages() async throws -> [MessageRecord] {
        var all = try await store.messagesOutsideConversations(practice: practice.id)
        for conversation in try await store.conversations(practice: practice.id, activeOnly: false) {
            all += try await store.messages(conversation: conversation.id)
        }
        return all.filter { $0.direction == .inbound }
    }
}
