import Carrier
import Foundation
import Testing
import TextingCore

/// Issue 11: the sandbox's simulated failures are kept to the fictional 555-0100..555-0199
/// lines, and its message ids are unique across restarts (defect 4).
@Suite("Sandbox carrier: outcomes only on reserved numbers, unique message ids")
struct SandboxOutcomeTests {
    static let practice = PhoneNumber(e164: "+18005551000")!  // a valid literal

    static func request(to number: String) throws -> OutboundRequest {
        OutboundRequest(from: practice, to: try PhoneNumber(parsing: number), body: "Rex's booster is due.",
                        messageID: MessageID(1))
    }

    /// What the sandbox does with one text to `number`: the carrier error at send time, or the
    /// state and error code the handset ends with.
    static func outcome(of number: String) async throws -> (sendError: Int?, state: DeliveryState?, errorCode: Int?) {
        let carrier = SandboxCarrier()
        let request = try request(to: number)
        do {
            _ = try await carrier.send(request)
        } catch {
            return (error.code, nil, nil)
        }
        let received = try #require(await carrier.inbox(request.to).last)
        return (nil, received.state, received.errorCode)
    }

    @Test("C3/O5: each reserved fictional line provokes its outcome", arguments: [
        ("+1 312 555 0103", 30003), ("+1 312 555 0105", 30005), ("(773) 555-0106", 30006), ("+1 212 555 0107", 30007),
    ])
    func reservedUndelivered(_ number: String, _ code: Int) async throws {
        let outcome = try await Self.outcome(of: number)
        #expect(outcome.sendError == nil)
        #expect(outcome.state == .undelivered)
        #expect(outcome.errorCode == code)
    }

    @Test("O5: +1 NPA 555-0110 is refused at send time with 21610")
    func reservedOptedOut() async throws {
        #expect(try await Self.outcome(of: "+1 312 555 0110").sendError == 21610)
    }

    @Test("D2: +1 NPA 555-0129 is throttled with 20429 on every other attempt")
    func reservedThrottled() async throws {
        let carrier = SandboxCarrier()
        let request = try Self.request(to: "+1 312 555 0129")
        var codes: [Int?] = []
        for _ in 0..<4 {
            do {
                _ = try await carrier.send(request)
                codes.append(nil)
            } catch {
                codes.append(error.code)
            }
        }
        #expect(codes == [20429, nil, 20429, nil])
    }

    @Test("issue 11: a real client number ending in 1610, 0006 or 0429 is delivered", arguments: [
        "+1 312 555 1610", "+1 415 867 1610", "+1 312 555 0006", "+1 312 555 0429", "+1 312 555 0003",
        "+1 312 556 0106", "+1 312 555 0142",
    ])
    func ordinaryNumbersAreDelivered(_ number: String) async throws {
        let outcome = try await Self.outcome(of: number)
        #expect(outcome.sendError == nil)
        #expect(outcome.state == .delivered)
        #expect(outcome.errorCode == nil)
    }

    @Test("issue 11 defect 4: message ids look like the carrier's and do not repeat after a restart")
    func messageIDsAreUniqueAcrossRestarts() async throws {
        var sids: [String] = []
        // Each carrier is a fresh start of the daemon.
        for _ in 0..<3 {
            let carrier = SandboxCarrier()
            for _ in 0..<50 { sids.append(try await carrier.send(try Self.request(to: "+1 312 555 2001")).sid) }
        }
        #expect(Set(sids).count == sids.count)
        let hex = Set("0123456789abcdef")
        #expect(sids.allSatisfy { $0.count == 34 && $0.hasPrefix("SM") && $0.dropFirst(2).allSatisfy(hex.contains) },
                "\(sids.prefix(3))")
    }
}
