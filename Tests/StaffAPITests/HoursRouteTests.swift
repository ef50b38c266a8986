import Foundation
import Hummingbird
import HummingbirdTesting
import Operations
@testable import StaffAPI
import Testing

/// Conversation hours over the API (A3, W1): everyone reads them, admins set the week, dated
/// exceptions, and clear them.
@Suite struct HoursRouteTests {
    static func intervals(_ hours: [String: Any], _ day: String) -> [String]? {
        (hours["weekly"] as? [[String: Any]])?.first { $0["day"] as? String == day }?["intervals"] as? [String]
    }

    @Test("A3: an admin replaces the week; days left out are closed; a staff account reads it but may not change it")
    func weeklyHours() async throws {
        let testbed = try await StaffAPITestbed()
        try await testbed.addAccount("ada", practice: testbed.practiceA, role: .admin)
        try await testbed.addAccount("sam", practice: testbed.practiceA)
        try await testbed.test { client in
            let admin = try await client.signedIn("ada")
            let week = #"{"weekly": [{"day": "monday", "intervals": ["08:00-12:00", "13:00-18:00"]}, {"day": "fri", "intervals": ["22:00-02:00"]}]}"#
            let set = try await client.call(.put, "/api/v1/practice/hours", admin, week)
            #expect(set.status == .ok)
            #expect(set.json["configured"] as? Bool == true)
            #expect(set.json["timeZone"] as? String == "America/Chicago")
            #expect(Self.intervals(set.json, "monday") == ["08:00-12:00", "13:00-18:00"])
            #expect(Self.intervals(set.json, "friday") == ["22:00-02:00"])
            #expect(Self.intervals(set.json, "tuesday") == [])

            // Nothing changes when one day of the week is wrong.
            let bad = try await client.call(
                .put, "/api/v1/practice/hours", admin, #"{"weekly": [{"day": "monday", "intervals": ["09:00-17:00"]}, {"day": "caturday", "intervals": []}]}"#)
            #expect(bad.status == .badRequest)
            let twice = try await client.call(
                .put, "/api/v1/practice/hours", admin, #"{"weekly": [{"day": "monday", "intervals": []}, {"day": "Monday", "intervals": []}]}"#)
            #expect(twice.status == .badRequest)

            let staff = try await client.signedIn("sam")
            let read = try await client.call(.get, "/api/v1/practice/hours", staff)
            #expect(read.status == .ok)
            #expect(Self.intervals(read.json, "monday") == ["08:00-12:00", "13:00-18:00"])
            for (method, uri, body) in [
                (HTTPRequest.Method.put, "/api/v1/practice/hours", week),
                (.delete, "/api/v1/practice/hours", nil),
                (.post, "/api/v1/practice/hours/exceptions", #"{"date": "2026-12-24", "closed": true}"#),
                (.delete, "/api/v1/practice/hours/exceptions/2026-12-24", nil),
            ] as [(HTTPRequest.Method, String, String?)] {
                let refused = try await client.call(method, uri, staff, body)
                #expect(refused.status == .forbidden, "\(method) \(uri)")
                #expect(refused.errorCode == "auth.forbidden", "\(method) \(uri)")
            }
        }
    }

    @Test("A3: an admin sets a closed day and special hours, removes one, then clears all hours")
    func exceptionsAndClearing() async throws {
        let testbed = try await StaffAPITestbed()
        try await testbed.addAccount("ada", practice: testbed.practiceA, role: .admin)
        try await testbed.test { client in
            let admin = try await client.signedIn("ada")
            _ = try await client.call(.put, "/api/v1/practice/hours", admin, #"{"weekly": [{"day": "thursday", "intervals": ["08:00-18:00"]}]}"#)
            let closed = try await client.call(.post, "/api/v1/practice/hours/exceptions", admin, #"{"date": "2026-12-24", "closed": true}"#)
            #expect(closed.status == .ok)
            let special = try await client.call(
                .post, "/api/v1/practice/hours/exceptions", admin, #"{"date": "2026-12-31", "intervals": ["09:00-13:00"]}"#)
            let exceptions = special.json["exceptions"] as? [[String: Any]]
            #expect(exceptions?.count == 2)
            #expect(exceptions?.first?["date"] as? String == "2026-12-24")
            #expect(exceptions?.first?["closed"] as? Bool == true)
            #expect(exceptions?.last?["intervals"] as? [String] == ["09:00-13:00"])
            let neither = try await client.call(.post, "/api/v1/practice/hours/exceptions", admin, #"{"date": "2026-12-26"}"#)
            #expect(neither.status == .badRequest)
            let badDate = try await client.call(.post, "/api/v1/practice/hours/exceptions", admin, #"{"date": "24/12/2026", "closed": true}"#)
            #expect(badDate.status == .badRequest)

            let removed = try await client.call(.delete, "/api/v1/practice/hours/exceptions/2026-12-24", admin)
            #expect(removed.status == .ok)
            #expect((removed.json["exceptions"] as? [[String: Any]])?.map { $0["date"] as? String } == ["2026-12-31"])

            let cleared = try await client.call(.delete, "/api/v1/practice/hours", admin)
            #expect(cleared.status == .ok)
            #expect(cleared.json["configured"] as? Bool == false)
            #expect(cleared.json["openNow"] as? Bool == true)
            let noToken = try await client.call(.delete, "/api/v1/practice/hours", admin, csrf: false)
            #expect(noToken.errorCode == "auth.csrf")
        }
    }
}
