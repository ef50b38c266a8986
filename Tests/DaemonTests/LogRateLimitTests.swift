import Testing
@testable import Daemon

/// D4: forged webhooks are refused with 403, but their warnings must not flood the journal.
@Suite struct LogRateLimitTests {
    @Test func passesTheLimitThenCountsTheRestUntilTheWindowEnds() {
        let limit = LogRateLimit(limit: 3, per: .seconds(10))
        let start = ContinuousClock.now
        let passed = (0..<10).map { limit.admit(at: start.advanced(by: .milliseconds($0))) }
        #expect(passed == [0, 0, 0, nil, nil, nil, nil, nil, nil, nil])
        // A new window: the first line reports the 7 dropped ones, the next ones report none.
        #expect(limit.admit(at: start.advanced(by: .seconds(11))) == 7)
        #expect(limit.admit(at: start.advanced(by: .seconds(12))) == 0)
    }

    @Test func webhookRoutesLimitSignatureWarnings() async throws {
        let h = try await WebhookHarness.make(signed: true)
        for _ in 0..<50 {
            let response = await h.routes.handle(h.post(WebhookRoutes.inboundTextPath, WebhookHarness.inboundForm()))
            #expect(response.status == 403)
        }
        #expect(h.logs.events("signature_invalid").count == 10)
        #expect(try await h.inboundMessages().isEmpty)
    }

    /// Issue 11: 600 texts refused because the store failed once wrote 600 error lines.
    @Test func notStoredErrorsAreRateLimitedLikeSignatureWarnings() async throws {
        let h = try await WebhookHarness.make { FailingStore(base: $0) }
        defer { h.directory.remove() }
        for index in 0..<40 {
            let response = await h.routes.handle(
                h.post(WebhookRoutes.inboundTextPath, WebhookHarness.inboundForm(sid: "SMfail\(index)")))
            #expect(response.status == 503)
        }
        #expect(h.logs.events("inbound_error").count == 10)
        #expect(h.logs.events("inbound_error").allSatisfy { $0.level == .error })
    }
}
