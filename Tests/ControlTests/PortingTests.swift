import Control
import Routing
import Testing

/// E7: texting from the practice's own number. Eligibility comes from the configured carrier
/// list; the $299.00 fee is recorded only for an eligible request.
@Suite("Own-number port (E7)")
struct PortingTests {
    @Test("E7: an eligible carrier records $299.00 once and the state becomes port requested")
    func eligiblePort() async throws {
        let harness = try await ControlHarness()
        let practice = try await harness.addPractice()
        let request = try await harness.call(NumberPortCommand(practice: practice.id, number: "(312) 555-0100", carrier: "at&t"))
        #expect(request.feeCents == 29_900)
        #expect(request.practice.number == NumberInfo(state: "port_requested", number: "+13125550100", portCarrier: "AT&T"))
        #expect(try harness.charges(practice: practice.id).map(\.cents) == [29_900])
        #expect(try harness.charges(practice: practice.id).map(\.kind) == [PortingPolicy.chargeKind])

        // E3: no texting until the port is complete.
        let early = await harness.refusal(TextingEnableCommand(practice: practice.id))
        #expect(early.code == "texting.port_pending")
        // A second request is refused and charges nothing more.
        let twice = await harness.refusal(NumberPortCommand(practice: practice.id, number: "312-555-0100", carrier: "Verizon"))
        #expect(twice.code == "number.already_assigned")
        #expect(try harness.charges(practice: practice.id).count == 1)

        let ported = try await harness.call(NumberPortCompleteCommand(practice: practice.id))
        #expect(ported.number == NumberInfo(state: "ported", number: "+13125550100", portCarrier: nil))
        #expect(try await harness.call(TextingEnableCommand(practice: practice.id)).texting)
        let done = await harness.refusal(NumberPortCompleteCommand(practice: practice.id))
        #expect(done.code == "number.no_port_requested")
    }

    @Test("E7: an ineligible carrier gets a clear reason and nothing is charged")
    func ineligiblePort() async throws {
        let harness = try await ControlHarness()
        let practice = try await harness.addPractice()
        let refusal = await harness.refusal(NumberPortCommand(practice: practice.id, number: "312-555-0100", carrier: "Acme Phone Co"))
        #expect(refusal.code == "number.port_ineligible")
        #expect(refusal.message.contains("Acme Phone Co"))
        #expect(refusal.message.contains("Nothing was charged"))
        #expect(try harness.charges(practice: practice.id).isEmpty)
        #expect(try await harness.call(PracticeShowCommand(practice: practice.id)).number.state == "none")
    }

    @Test("E7: the eligible list comes from the configuration")
    func configuredList() async throws {
        let harness = try await ControlHarness(porting: PortingPolicy(eligibleCarriers: ["Acme Phone Co"]))
        let practice = try await harness.addPractice()
        let verizon = await harness.refusal(NumberPortCommand(practice: practice.id, number: "312-555-0100", carrier: "Verizon"))
        #expect(verizon.code == "number.port_ineligible")
        let acme = try await harness.call(NumberPortCommand(practice: practice.id, number: "312-555-0100", carrier: "ACME phone co."))
        #expect(acme.practice.number.portCarrier == "Acme Phone Co")
        #expect(try harness.charges(practice: practice.id).map(\.cents) == [29_900])
    }

    @Test("E2, E7: a number another practice holds cannot be ported, and nothing is charged")
    func takenNumber() async throws {
        let harness = try await ControlHarness()
        let first = try await harness.onboardedPractice(name: "Maple Vet")
        let second = try await harness.addPractice(name: "Oak Animal Hospital")
        let taken = await harness.refusal(NumberPortCommand(
            practice: second.id, number: try #require(first.number.number), carrier: "Verizon"))
        #expect(taken.code == "practice.number_taken")
        #expect(try harness.charges(practice: second.id).isEmpty)
        // A practice that already texts from an assigned number keeps it.
        let assigned = await harness.refusal(NumberPortCommand(practice: first.id, number: "312-555-0100", carrier: "Verizon"))
        #expect(assigned.code == "number.already_assigned")
        #expect(try harness.charges(practice: first.id).isEmpty)
    }

    @Test("E7: carrier names match ignoring case, spaces and punctuation")
    func carrierNames() {
        let policy = PortingPolicy()
        #expect(policy.eligibleCarrier(named: "AT & T") == "AT&T")
        #expect(policy.eligibleCarrier(named: "att") == "AT&T")
        #expect(policy.eligibleCarrier(named: "t mobile") == "T-Mobile")
        #expect(policy.eligibleCarrier(named: " TELUS ") == "Telus")
        #expect(policy.eligibleCarrier(named: "Sprintz") == nil)
        #expect(policy.eligibleCarrier(named: "  ") == nil)
    }
}
