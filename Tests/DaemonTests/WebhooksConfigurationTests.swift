import Foundation
import Testing
import TextingCore
import TextingStore
@testable import Daemon

/// V1: the `webhooks` section: endpoints from the file with their secret credential, and retries.
@Suite("Configuration: webhooks (V1)")
struct WebhooksConfigurationTests {
    @Test("V1: endpoints, filters and retry settings are read; the defaults retry for 24 hours")
    func reads() throws {
        #expect(try ConfigurationTests.load(nil).configuration.webhooks.retry.windowSeconds == 86_400)
        let loaded = try ConfigurationTests.load("""
            {"webhooks": {"endpoints": [
                {"practice": 3, "url": "https://pms.example/hooks", "events": "all", "secretCredential": "platform-webhook-3"},
                {"practice": 4, "url": "http://127.0.0.1:9000/in", "events": ["message.created", "profile.created"],
                 "secretCredential": "hook-4"}],
             "retry": {"windowSeconds": 60, "initialDelaySeconds": 0.5, "maxDelaySeconds": 10},
             "timeoutSeconds": 5, "concurrency": 2, "pollIntervalSeconds": 0.25}}
            """)
        let webhooks = loaded.configuration.webhooks
        #expect(webhooks.endpoints.count == 2 && webhooks.endpoints[0].events == nil)
        #expect(webhooks.retry.windowSeconds == 60 && webhooks.timeoutSeconds == 5 && webhooks.concurrency == 2)
        let records = webhooks.endpointRecords(at: Date())
        #expect(records[0].eventTypes == nil && records[0].secretCredential == "platform-webhook-3")
        #expect(records[1].eventTypes == [.messageCreated, .profileCreated] && records[1].practiceID == PracticeID(4))
        #expect(records.allSatisfy { $0.source == .config && $0.secret == nil })
    }

    @Test("V1: a URL that is not http(s), an unknown event type or a missing credential name is refused with its key path")
    func refusals() {
        let cases: [(String, String)] = [
            (#"{"practice": 1, "url": "ftp://x.example/h", "secretCredential": "s"}"#, "webhooks.endpoints[0].url"),
            (#"{"practice": 1, "url": "https://x.example/h", "events": ["message.sent"], "secretCredential": "s"}"#,
             "webhooks.endpoints[0].events"),
            (#"{"practice": 1, "url": "https://x.example/h", "events": "some", "secretCredential": "s"}"#,
             "webhooks.endpoints[0].events"),
            (#"{"practice": 1, "url": "https://x.example/h"}"#, "webhooks.endpoints[0].secretCredential"),
            (#"{"practice": 1, "url": "https://x.example/h", "secret": "whsec_x", "secretCredential": "s"}"#,
             "webhooks.endpoints[0].secret"),
        ]
        for (endpoint, keyPath) in cases {
            let error = ConfigurationTests.error(#"{"webhooks": {"endpoints": ["# + endpoint + "]}}")
            #expect(error?.keyPath == keyPath, "\(endpoint): \(String(describing: error))")
        }
        #expect(ConfigurationTests.error(#"{"webhooks": {"concurrency": 0}}"#)?.keyPath == "webhooks.concurrency")
    }
}
