import Foundation
import Testing
@testable import TextingCore

@Suite("Chat availability (S2)")
struct ChatAvailabilityTests {
    let minimum: AppVersion

    init() throws {
        minimum = try #require(AppVersion("3.10.0"))
    }

    private func account(installed: Bool = true, signedIn: Bool = true, version: String? = "3.12.1",
                         disabled: Bool = false) -> AppAccount {
        AppAccount(installed: installed, signedIn: signedIn, appVersion: version.flatMap(AppVersion.init), chatDisabled: disabled)
    }

    @Test("S2: an installed, signed-in, current app with chat enabled is available")
    func available() {
        #expect(ChatAvailability.evaluate(account(), minimumVersion: minimum) == .available)
        #expect(ChatAvailability.evaluate(account(version: "3.10"), minimumVersion: minimum).isAvailable)
    }

    @Test("S2: no account, not installed, or not signed in")
    func notInstalled() {
        #expect(ChatAvailability.evaluate(nil, minimumVersion: minimum) == .unavailable(.notInstalledOrSignedIn))
        #expect(ChatAvailability.evaluate(account(installed: false), minimumVersion: minimum) == .unavailable(.notInstalledOrSignedIn))
        #expect(ChatAvailability.evaluate(account(signedIn: false), minimumVersion: minimum) == .unavailable(.notInstalledOrSignedIn))
    }

    @Test("S2: an app older than the minimum, or of unknown version, is outdated")
    func outdated() {
        #expect(ChatAvailability.evaluate(account(version: "3.9.9"), minimumVersion: minimum) == .unavailable(.appOutdated))
        #expect(ChatAvailability.evaluate(account(version: nil), minimumVersion: minimum) == .unavailable(.appOutdated))
    }

    @Test("S2: chat disabled for the client")
    func disabled() {
        #expect(ChatAvailability.evaluate(account(disabled: true), minimumVersion: minimum) == .unavailable(.chatDisabled))
    }

    @Test("S2: reasons in order: not installed/signed in, then disabled, then outdated")
    func order() {
        #expect(ChatAvailability.evaluate(account(signedIn: false, version: "1.0", disabled: true), minimumVersion: minimum)
            == .unavailable(.notInstalledOrSignedIn))
        #expect(ChatAvailability.evaluate(account(version: "1.0", disabled: true), minimumVersion: minimum)
            == .unavailable(.chatDisabled))
    }

    @Test("S2: each reason is reported in words")
    func explanations() {
        #expect(ChatUnavailableReason.notInstalledOrSignedIn.explanation == "The client has not downloaded or signed in to your mobile app")
        #expect(ChatUnavailableReason.appOutdated.explanation == "The client needs to update their app to the latest version")
        #expect(ChatUnavailableReason.chatDisabled.explanation == "Chat has been disabled for this client")
    }

    @Test("S2: versions compare numerically, component by component")
    func versionComparison() throws {
        let v3_10 = try #require(AppVersion("3.10.0"))
        let v3_9_9 = try #require(AppVersion("3.9.9"))
        #expect(v3_10 > v3_9_9)
        #expect(try #require(AppVersion("3.12")) == #require(AppVersion("3.12.0")))
        #expect(try #require(AppVersion("3.12")).hashValue == #require(AppVersion("3.12.0")).hashValue)
        #expect(try #require(AppVersion("4")) > #require(AppVersion("3.99.99")))
        #expect(try #require(AppVersion("3.12.1")) < #require(AppVersion("3.12.1.1")))
        #expect(!(v3_10 < v3_10))
    }

    @Test("S2: version parsing", arguments: [("3.12.1", "3.12.1"), (" 4 ", "4"), ("0.0.1", "0.0.1")])
    func versionParsing(_ text: String, _ description: String) {
        #expect(AppVersion(text)?.description == description)
        #expect(AppVersion("3.10.0") != nil)
    }

    @Test("S2: not versions", arguments: ["", "3.x", "v3.1", "3..1", "3.1-beta", "3.", ".3", "-1.0", "1234567890.1"])
    func notVersions(_ text: String) {
        #expect(AppVersion(text) == nil)
    }

    @Test("S2: versions code as strings")
    func coding() throws {
        let version = try #require(AppVersion("3.12.1"))
        let data = try JSONEncoder().encode(version)
        #expect(String(decoding: data, as: UTF8.self) == "\"3.12.1\"")
        #expect(try JSONDecoder().decode(AppVersion.self, from: data) == version)
    }
}
