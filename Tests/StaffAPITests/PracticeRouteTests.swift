import Foundation
import Hummingbird
import HummingbirdTesting
import Operations
@testable import StaffAPI
import Testing

/// The practice routes (E1–E3, E7, W1): everyone of the practice reads it, admins change it, in
/// the order of the rules and with their errors.
@Suite struct PracticeRouteTests {
    @Test("W1: a staff account reads its practice, and the session names it with its time zone")
    func staffReadsThePractice() async throws {
        let testbed = try await StaffAPITestbed()
        try await testbed.addAccount("sam", practice: testbed.practiceA)
        try await testbed.test { client in
            let signIn = try await client.signIn("sam")
            let practice = signIn.json["practice"] as? [String: Any]
            #expect(practice?["id"] as? Int64 == testbed.practiceA.rawValue)
            #expect(practice?["name"] as? String == "Alpha Vet")
            #expect(practice?["timeZone"] as? String == "America/Chicago")
            let session = try await client.signedIn("sam")
            let again = try await client.call(.get, "/api/v1/session", session)
            #expect((again.json["practice"] as? [String: Any])?["timeZone"] as? String == "America/Chicago")
            let read = try await client.call(.get, "/api/v1/practice", session)
            #expect(read.status == .ok)
            #expect(read.json["name"] as? String == "Alpha Vet")
            #expect((read.json["number"] as? [String: Any])?["state"] as? String == "assigned")
        }
    }

    @Test("W1: a staff account gets 403 auth.forbidden on every practice change, and nothing changes")
    func staffCannotChange() async throws {
        let testbed = try await StaffAPITestbed()
        try await testbed.addAccount("sam", practice: testbed.practiceA)
        try await testbed.test { client in
            let session = try await client.signedIn("sam")
            let changes: [(HTTPRequest.Method, String, String?)] = [
                (.patch, "/api/v1/practice", #"{"name": "Renamed"}"#),
                (.post, "/api/v1/practice/app-chat", #"{"enabled": true}"#),
                (.post, "/api/v1/practice/texting", #"{"enabled": false}"#),
                (.post, "/api/v1/practice/number", nil),
                (.post, "/api/v1/practice/number/port", #"{"number": "312-555-0100", "carrier": "Verizon"}"#),
                (.post, "/api/v1/practice/number/port-complete", nil),
            ]
            for (method, uri, body) in changes {
                let response = try await client.call(method, uri, session, body)
                #expect(response.status == .forbidden, "\(method) \(uri)")
                #expect(response.errorCode == "auth.forbidden", "\(method) \(uri)")
            }
        }
        let practice = try await testbed.operations.showPractice(StaffAPITestbed.root, .init(practice: testbed.practiceA.rawValue))
        #expect(practice.name == "Alpha Vet")
        #expect(practice.texting)
        #expect(!practice.appChat)
    }

    @Test("E1-E3: an admin turns on app chat, requests a number, then texting; each step out of order says what to do first")
    func adminTogglesInOrder() async throws {
        let testbed = try await StaffAPITestbed()
        try await testbed.addAccount("ada", practice: testbed.practiceC, role: .admin)
        try await testbed.test { client in
            let session = try await client.signedIn("ada")
            let textingFirst = try await client.call(.post, "/api/v1/practice/texting", session, #"{"enabled": true}"#)
            #expect(textingFirst.status == .badRequest)
            #expect(textingFirst.errorCode == "texting.no_number")
            let numberFirst = try await client.call(.post, "/api/v1/practice/number", session)
            #expect(numberFirst.status == .badRequest)
            #expect(numberFirst.errorCode == "number.app_chat_required")

            let appChat = try await client.call(.post, "/api/v1/practice/app-chat", session, #"{"enabled": true}"#)
            #expect(appChat.status == .ok)
            #expect(appChat.json["appChat"] as? Bool == true)
            let number = try await client.call(.post, "/api/v1/practice/number", session)
            #expect(number.status == .ok)
            let assigned = number.json["number"] as? [String: Any]
            #expect(assigned?["state"] as? String == "assigned")
            #expect(assigned?["number"] is String)
            let twice = try await client.call(.post, "/api/v1/practice/number", session)
            #expect(twice.status == .conflict)
            let texting = try await client.call(.post, "/api/v1/practice/texting", session, #"{"enabled": true}"#)
            #expect(texting.status == .ok)
            #expect(texting.json["texting"] as? Bool == true)

            let renamed = try await client.call(.patch, "/api/v1/practice", session, #"{"name": "Gamma Animal Hospital", "timeZone": "America/Toronto"}"#)
            #expect(renamed.status == .ok)
            #expect(renamed.json["name"] as? String == "Gamma Animal Hospital")
            #expect(renamed.json["timeZone"] as? String == "America/Toronto")
            let badZone = try await client.call(.patch, "/api/v1/practice", session, #"{"timeZone": "Mars/Olympus"}"#)
            #expect(badZone.status == .badRequest)
            let badBody = try await client.call(.post, "/api/v1/practice/app-chat", session, #"{"enabled": "yes"}"#)
            #expect(badBody.errorCode == "request.invalid_json")
        }
    }

    @Test("E7: an admin asks to port the practice's own number; an ineligible carrier is refused and nothing is charged")
    func portRequest() async throws {
        let testbed = try await StaffAPITestbed()
        try await testbed.addAccount("ada", practice: testbed.practiceC, role: .admin)
        try await testbed.test { client in
            let session = try await client.signedIn("ada")
            let refused = try await client.call(
                .post, "/api/v1/practice/number/port", session, #"{"number": "312-555-0100", "carrier": "Nowhere Telecom"}"#)
            #expect(refused.status == .badRequest)
            #expect(refused.errorCode == "number.port_ineligible")
            let notRequested = try await client.call(.post, "/api/v1/practice/number/port-complete", session)
            #expect(notRequested.errorCode == "number.no_port_requested")
        }
    }

    @Test("W4: a practice change without the CSRF token is 403 auth.csrf")
    func changesNeedTheToken() async throws {
        let testbed = try await StaffAPITestbed()
        try await testbed.addAccount("ada", practice: testbed.practiceC, role: .admin)
        try await testbed.test { client in
            let session = try await client.signedIn("ada")
            let response = try await client.call(.post, "/api/v1/practice/app-chat", session, #"{"enabled": true}"#, csrf: false)
            #expect(response.status == .forbidden)
            #expect(response.errorCode == "auth.csrf")
        }
        #expect(try await testbed.operations.showPractice(StaffAPITestbed.root, .init(practice: testbed.practiceC.rawValue)).appChat == false)
    }
}
