import Carrier
import Control
import Daemon
import Testing

/// E1–E3: a practice is added, turns on app chat, requests a number and then turns on texting;
/// each step out of order is refused with a reason that says what to do first.
@Suite("Onboarding order (E1, E2, E3)")
struct OnboardingTests {
    @Test("E1: a new practice has its settings, nothing enabled and no number")
    func newPractice() async throws {
        let harness = try await ControlHarness()
        let practice = try await harness.addPractice()
        #expect(practice.name == "Maple Vet")
        #expect(practice.country == "US")
        #expect(practice.timeZone == "America/New_York")
        #expect(practice.practicePhone == "+13125550100")
        #expect(practice.emergencyPhone == "+13125550199")
        #expect(!practice.appChat && !practice.texting && !practice.hoursConfigured)
        #expect(practice.number == NumberInfo(state: "none", number: nil, portCarrier: nil))
        #expect(try await harness.call(PracticeListCommand()).practices == [practice])
    }

    @Test("E1: only US and Canadian practices, with a real time zone and numbers")
    func invalidPractice() async throws {
        let harness = try await ControlHarness()
        let mexico = await harness.refusal(PracticeAddCommand(
            name: "Clinica", country: "MX", timeZone: "America/Mexico_City", practicePhone: "312-555-0100",
            emergencyPhone: "312-555-0199"))
        #expect(mexico.code == "practice.country_not_supported")
        let zone = await harness.refusal(PracticeAddCommand(
            name: "Maple", country: "US", timeZone: "EST", practicePhone: "312-555-0100", emergencyPhone: "312-555-0199"))
        #expect(zone.code == "hours.unknown_time_zone")
        let phone = await harness.refusal(PracticeAddCommand(
            name: "Maple", country: "CA", timeZone: "America/Toronto", practicePhone: "876-555-0100",
            emergencyPhone: "312-555-0199"))
        #expect(phone.code == "phone.country_not_supported")
        #expect(phone.message.hasPrefix("The practice phone:"))
        #expect(try await harness.call(PracticeListCommand()).practices.isEmpty)
    }

    @Test("E2, E3: app chat, then a number, then texting; out of order is refused with what to do")
    func onboardingOrder() async throws {
        let harness = try await ControlHarness()
        let practice = try await harness.addPractice()

        let textingFirst = await harness.refusal(TextingEnableCommand(practice: practice.id))
        #expect(textingFirst.code == "texting.no_number")
        #expect(textingFirst.message.contains("request a number"))

        let numberFirst = await harness.refusal(NumberRequestCommand(practice: practice.id))
        #expect(numberFirst.code == "number.app_chat_required")
        #expect(numberFirst.message.contains("enable app chat first"))

        #expect(try await harness.call(AppChatEnableCommand(practice: practice.id)).appChat)
        let numbered = try await harness.call(NumberRequestCommand(practice: practice.id))
        #expect(numbered.number == NumberInfo(state: "assigned", number: SandboxNumberPool.number(at: 0)?.e164, portCarrier: nil))
        #expect(!numbered.texting)

        let again = await harness.refusal(NumberRequestCommand(practice: practice.id))
        #expect(again.code == "number.already_assigned")

        let enabled = try await harness.call(TextingEnableCommand(practice: practice.id))
        #expect(enabled.texting)
        #expect(try await harness.call(PracticeShowCommand(practice: practice.id)) == enabled)

        let disabled = try await harness.call(TextingDisableCommand(practice: practice.id))
        #expect(!disabled.texting)
        #expect(disabled.number == enabled.number)
    }

    @Test("E2: a number belongs to one practice: the next practice gets the pool's next number")
    func numbersAreUnique() async throws {
        let harness = try await ControlHarness()
        let first = try await harness.addPractice(name: "Maple Vet")
        let second = try await harness.addPractice(name: "Oak Animal Hospital")
        for practice in [first, second] { _ = try await harness.call(AppChatEnableCommand(practice: practice.id)) }
        let one = try await harness.call(NumberRequestCommand(practice: first.id))
        let two = try await harness.call(NumberRequestCommand(practice: second.id))
        #expect(one.number.number == SandboxNumberPool.number(at: 0)?.e164)
        #expect(two.number.number == SandboxNumberPool.number(at: 1)?.e164)
    }

    @Test("Practice-scoped commands need --practice once a daemon serves several practices")
    func practiceSelection() async throws {
        let harness = try await ControlHarness()
        let none = await harness.refusal(PracticeShowCommand(practice: nil))
        #expect(none.code == "practice.none")
        let only = try await harness.addPractice(name: "Maple Vet")
        #expect(try await harness.call(PracticeShowCommand(practice: nil)).id == only.id)
        _ = try await harness.addPractice(name: "Oak Animal Hospital")
        let ambiguous = await harness.refusal(PracticeShowCommand(practice: nil))
        #expect(ambiguous.code == "practice.required")
        #expect(ambiguous.message.contains("Maple Vet") && ambiguous.message.contains("--practice"))
        let missing = await harness.refusal(PracticeShowCommand(practice: 99))
        #expect(missing.code == "practice.not_found")
    }

    @Test("E1: practice set changes only what is given; a new zone keeps the hours' wall-clock times")
    func changeSettings() async throws {
        let harness = try await ControlHarness()
        let practice = try await harness.onboardedPractice()
        let changed = try await harness.call(PracticeSetCommand(
            practice: practice.id, name: "Maple Veterinary", timeZone: "America/Chicago", emergencyPhone: "(773) 555-0199"))
        #expect(changed.name == "Maple Veterinary")
        #expect(changed.timeZone == "America/Chicago")
        #expect(changed.emergencyPhone == "+17735550199")
        #expect(changed.practicePhone == practice.practicePhone)
        #expect(changed.number == practice.number && changed.texting)
        let hours = try await harness.call(HoursShowCommand(practice: practice.id))
        #expect(hours.timeZone == "America/Chicago")
        #expect(hours.weekly.first { $0.day == "monday" }?.intervals == ["08:00-18:00"])
    }

    @Test("E2: provisioning through a carrier; its refusal and a daemon without provisioning are clear errors")
    func provisioning() async throws {
        let sandbox = SandboxCarrier()
        let through = try await ControlHarness(provision: ControlEnvironment.provisioning(
            through: sandbox, smsURL: "http://127.0.0.1/twilio/sms", voiceURL: "http://127.0.0.1/twilio/voice",
            statusURL: "http://127.0.0.1/twilio/status"))
        let practice = try await through.addPractice()
        _ = try await through.call(AppChatEnableCommand(practice: practice.id))
        #expect(try await through.call(NumberRequestCommand(practice: practice.id)).number.number == "+18005551000")

        let refusing = try await ControlHarness(provision: { _, _ in
            throw CarrierError(code: 21422, message: "No toll-free numbers are available.", retryable: false)
        })
        let other = try await refusing.addPractice()
        _ = try await refusing.call(AppChatEnableCommand(practice: other.id))
        let refused = await refusing.refusal(NumberRequestCommand(practice: other.id))
        #expect(refused.code == "number.provisioning_failed")
        #expect(refused.message.contains("No toll-free numbers are available."))
        #expect(try await refusing.call(PracticeShowCommand(practice: other.id)).number.state == "none")

        let none = try await ControlHarness(provision: nil)
        let third = try await none.addPractice()
        _ = try await none.call(AppChatEnableCommand(practice: third.id))
        #expect(await none.refusal(NumberRequestCommand(practice: third.id)).code == ControlErrorCode.unavailable)
    }
}
