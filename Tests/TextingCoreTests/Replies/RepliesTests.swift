import Testing
@testable import TextingCore

@Suite("Replies (A1, A4, A7, O2, O3, R5)")
struct RepliesTests {
    @Test("A1: the after-hours reply, word for word")
    func afterHours() {
        #expect(Replies.afterHours(emergencyPhone: "(312) 555-0199")
            == "This is an auto-reply. We're sorry we aren't available to chat at the moment. If this is an emergency, please call (312) 555-0199 for after-hours instructions. Your message will be received by our practice during business hours.")
    }

    @Test("A4: question 1, word for word")
    func question1() {
        #expect(Replies.profileQuestion1
            == "This is an auto-reply. We need to create your profile in our new texting system. So we can provide faster service, please enter your first name only. (Question 1/3)")
    }

    @Test("A4: question 2 with and without a first name")
    func question2() {
        #expect(Replies.profileQuestion2(firstName: "Sarah")
            == "Thanks, Sarah. Next, please enter your last name only. (Question 2/3)")
        #expect(Replies.profileQuestion2(firstName: nil)
            == "Thanks. Next, please enter your last name only. (Question 2/3)")
        #expect(Replies.profileQuestion2(firstName: "  ")
            == "Thanks. Next, please enter your last name only. (Question 2/3)")
    }

    @Test("A4: question 3, word for word")
    func question3() {
        #expect(Replies.profileQuestion3
            == "Just one more thing, please enter your email only and one of our team members will respond as soon as possible. (Question 3/3)")
    }

    @Test("A7: help names the practice and phone and says how to opt out")
    func help() {
        let text = Replies.help(practiceName: "Lakeside Vet", practicePhone: "(312) 555-0142")
        #expect(text == "Lakeside Vet: for help, call us at (312) 555-0142. Reply STOP to opt out.")
        #expect(text.contains("Reply STOP to opt out."))
    }

    @Test("O2: one opt-out confirmation naming the practice and START")
    func optOut() {
        #expect(Replies.optOutConfirmation(practiceName: "Lakeside Vet")
            == "You are unsubscribed from Lakeside Vet texts and will receive no further messages. Reply START to resubscribe.")
    }

    @Test("O3: opt-in confirmation naming the practice")
    func optIn() {
        #expect(Replies.optInConfirmation(practiceName: "Lakeside Vet")
            == "You are subscribed to Lakeside Vet texts again. Reply HELP for help or STOP to opt out.")
    }

    @Test("R5: photo/video link, word for word")
    func photoVideo() {
        #expect(Replies.photoVideoLink(url: "https://t.example/m/abc")
            == "You've got a new photo/video message! https://t.example/m/abc")
    }

    @Test("R5: PDF carries the file name and the link; a file name cannot add lines")
    func pdf() {
        #expect(Replies.pdfLink(fileName: "Bella vaccines.pdf", url: "https://t.example/m/x")
            == "You've got a new document! Bella vaccines.pdf https://t.example/m/x")
        #expect(Replies.pdfLink(fileName: "a\nb.pdf\r\n", url: "https://t.example/m/x")
            == "You've got a new document! a b.pdf https://t.example/m/x")
        #expect(Replies.pdfLink(fileName: " \n", url: "https://t.example/m/x")
            == "You've got a new document! https://t.example/m/x")
    }
}
