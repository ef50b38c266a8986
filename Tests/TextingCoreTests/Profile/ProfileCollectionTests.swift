import Foundation
import Testing
@testable import TextingCore

@Suite("Profile collection (A4)")
struct ProfileCollectionTests {
    @Test("A4: happy path asks three questions in order and stores all answers")
    func happyPath() {
        var (profile, question) = ProfileCollection.start()
        #expect(question == Replies.profileQuestion1)
        #expect(profile.step == .awaitingFirstName && profile.isActive)

        #expect(profile.receive("  Sarah ") == "Thanks, Sarah. Next, please enter your last name only. (Question 2/3)")
        #expect(profile.step == .awaitingLastName)
        #expect(profile.receive("van  Buren") == Replies.profileQuestion3)
        #expect(profile.step == .awaitingEmail)
        #expect(profile.receive("Sarah@Example.com") == nil)

        #expect(profile.step == .finished)
        #expect(!profile.isActive && profile.isComplete)
        #expect(profile.firstName == "Sarah")
        #expect(profile.lastName == "van Buren")
        #expect(profile.email == "Sarah@example.com")
    }

    @Test("A4: a three-word first name is not stored and question 2 says 'Thanks. Next'")
    func threeWordName() {
        var (profile, _) = ProfileCollection.start()
        #expect(profile.receive("my name's Sarah") == "Thanks. Next, please enter your last name only. (Question 2/3)")
        #expect(profile.firstName == nil)
        #expect(profile.step == .awaitingLastName)
    }

    @Test("A4: an empty answer is not stored and the bot moves on")
    func emptyAnswer() {
        var (profile, _) = ProfileCollection.start()
        #expect(profile.receive("   ") == Replies.profileQuestion2(firstName: nil))
        #expect(profile.receive("") == Replies.profileQuestion3)
        #expect(profile.firstName == nil && profile.lastName == nil)
        #expect(profile.step == .awaitingEmail)
    }

    @Test("A4: an email answer that is not one valid address is not stored, and collection finishes",
          arguments: ["bella@example", "a b@c.com", "no thanks"])
    func invalidEmail(_ answer: String) {
        var (profile, _) = ProfileCollection.start()
        _ = profile.receive("Sarah")
        _ = profile.receive("Lee")
        #expect(profile.receive(answer) == nil)
        #expect(profile.email == nil)
        #expect(profile.step == .finished)
        #expect(profile.firstName == "Sarah" && profile.lastName == "Lee")
    }

    @Test("A4: a staff reply after question 2 stops the bot and keeps the first name")
    func staffStops() {
        var (profile, _) = ProfileCollection.start()
        _ = profile.receive("Sarah")
        profile.staffReplied()
        #expect(profile.step == .stoppedByStaff)
        #expect(!profile.isActive && !profile.isComplete)
        #expect(profile.firstName == "Sarah")
        let before = profile
        #expect(profile.receive("Lee") == nil)
        #expect(profile == before)
        #expect(profile.lastName == nil)
    }

    @Test("A4: receiving after finishing returns nil and changes nothing; staff reply then changes nothing")
    func afterFinished() {
        var (profile, _) = ProfileCollection.start()
        _ = profile.receive("Sarah")
        _ = profile.receive("Lee")
        _ = profile.receive("sarah@example.com")
        let finished = profile
        #expect(profile.receive("Another message") == nil)
        #expect(profile == finished)
        profile.staffReplied()
        #expect(profile == finished)
        #expect(profile.step == .finished)
    }

    @Test("A4: name answers: one or two words of letters, apostrophes, hyphens, periods",
          arguments: [("Sarah", "Sarah"), ("Mary  Ann", "Mary Ann"), ("O'Brien", "O'Brien"), ("Jean-Luc", "Jean-Luc"),
                      ("St. John", "St. John"), ("José", "José"), ("O\u{2019}Neil", "O\u{2019}Neil")])
    func validNames(_ answer: String, _ stored: String) {
        #expect(NameAnswer.normalized(answer) == stored)
    }

    @Test("A4: name answers that are not stored",
          arguments: ["", "Mary Ann Smith", "Bella2", "me@x.com", "Sarah!", "- -", "...", String(repeating: "a", count: 61)])
    func invalidNames(_ answer: String) {
        #expect(NameAnswer.normalized(answer) == nil)
    }

    @Test("A4: the state survives coding")
    func coding() throws {
        var (profile, _) = ProfileCollection.start()
        _ = profile.receive("Sarah")
        let decoded = try JSONDecoder().decode(ProfileCollection.self, from: JSONEncoder().encode(profile))
        #expect(decoded == profile)
    }
}
