import Foundation
import Testing
import TextingCore

@Suite("P3: the channel of each staff message, and what staff are told")
struct StaffMessageChannelTests {
    @Test("S2: available chat sends in the app, whatever the conversation ran on")
    func availableGoesToApp() {
        for conversation in [Channel.app, .text, nil] {
            let choice = StaffMessageChannel.choose(.available, conversation: conversation)
            #expect(choice.channel == .app)
            #expect(choice.notice == nil)
        }
    }

    @Test("P3: an app conversation whose chat stopped goes by text and says why", arguments: ChatUnavailableReason.allCases)
    func appConversationFallsBack(reason: ChatUnavailableReason) throws {
        let choice = StaffMessageChannel.choose(.unavailable(reason), conversation: .app)
        #expect(choice.channel == .text)
        #expect(choice.fallback == reason)
        let notice = try #require(choice.notice)
        #expect(notice.hasPrefix("Chat in the app is not available ("))
        #expect(notice.hasSuffix("), so this message was sent by text."))
        #expect(notice.contains(String(reason.explanation.dropFirst())))
    }

    @Test("A text conversation, or a new one, stays text with nothing to say")
    func textStaysQuiet() {
        #expect(StaffMessageChannel.choose(.unavailable(.appOutdated), conversation: .text)
            == StaffMessageChannel(channel: .text))
        #expect(StaffMessageChannel.choose(.unavailable(.notInstalledOrSignedIn), conversation: nil).notice == nil)
    }

    @Test("The practice's app chat flag comes first")
    func practiceFlagFirst() throws {
        let account = AppAccount(installed: true, signedIn: true, appVersion: AppVersion("9.0"), chatDisabled: false)
        let minimum = try #require(AppVersion("1.0"))
        #expect(ChatAvailability.evaluate(account, minimumVersion: minimum, practiceAppChat: false)
            == .unavailable(.practiceAppChatOff))
        #expect(ChatAvailability.evaluate(account, minimumVersion: minimum, practiceAppChat: true) == .available)
    }
}
