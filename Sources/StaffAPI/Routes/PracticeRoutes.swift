import Control
import Hummingbird
import Operations
import TextingCore

/// The signed-in account's practice (E1–E3, E7): everyone reads it, admins change it. The
/// order of the admin page is the order of the rules: app chat, then a number (only while app
/// chat is on), then 2-way texting (only once there is a number); each refusal says what to do
/// first. Role checks are the operations' (W1).
struct PracticeRoutes {
    let operations: Operations

    /// `{"enabled": true}` of a feature toggle.
    struct ToggleBody: Decodable {
        var enabled: Bool
    }

    /// The settings to change; a left-out member stays as it is.
    struct ChangeBody: Decodable {
        var name: String?
        var country: String?
        var timeZone: String?
        var practicePhone: String?
        var emergencyPhone: String?
    }

    /// The practice's own number and its current carrier (E7).
    struct PortBody: Decodable {
        var number: String
        var carrier: String
    }

    func add(to routes: APIRoutes, _ group: RouterGroup<StaffRequestContext>) {
        routes.on(.get, "practice", in: group) { _, context in
            let caller = try context.requireSession().caller
            return try JSONResponse.make(try await operations.showPractice(caller, PracticeShowCommand(practice: nil)))
        }
        routes.on(.patch, "practice", in: group) { request, context in
            let caller = try context.requireSession().caller
            let body = try await JSONResponse.decode(ChangeBody.self, from: request)
            return try JSONResponse.make(try await operations.changePractice(caller, PracticeSetCommand(
                practice: nil, name: body.name, country: body.country, timeZone: body.timeZone,
                practicePhone: body.practicePhone, emergencyPhone: body.emergencyPhone)))
        }
        routes.on(.post, "practice/app-chat", in: group) { request, context in
            let caller = try context.requireSession().caller
            let body = try await JSONResponse.decode(ToggleBody.self, from: request)
            return try JSONResponse.make(try await operations.setAppChat(caller, practice: nil, enabled: body.enabled))
        }
        routes.on(.post, "practice/number", in: group) { _, context in
            let caller = try context.requireSession().caller
            return try JSONResponse.make(try await operations.requestNumber(caller, NumberRequestCommand(practice: nil)))
        }
        routes.on(.post, "practice/number/port", in: group) { request, context in
            let caller = try context.requireSession().caller
            let body = try await JSONResponse.decode(PortBody.self, from: request)
            return try JSONResponse.make(try await operations.requestPort(
                caller, NumberPortCommand(practice: nil, number: body.number, carrier: body.carrier)))
        }
        routes.on(.post, "practice/number/port-complete", in: group) { _, context in
            let caller = try context.requireSession().caller
            return try JSONResponse.make(
                try await operations.completePort(caller, NumberPortCompleteCommand(practice: nil)))
        }
        routes.on(.post, "practice/texting", in: group) { request, context in
            let caller = try context.requireSession().caller
            let body = try await JSONResponse.decode(ToggleBody.self, from: request)
            return try JSONResponse.make(try await operations.setTexting(caller, practice: nil, enabled: body.enabled))
        }
    }
}
