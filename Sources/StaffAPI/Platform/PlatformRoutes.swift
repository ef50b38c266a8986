import HTTPTypes
import Hummingbird
import Operations
import TextingCore

/// The practice platform's routes (issue 13), behind ``PlatformTokenMiddleware``: the PMS
/// directory one client at a time and reminders with quiet hours. They call ``Operations`` as the
/// token's ``PlatformCaller``, which sees its own practice only (W2).
struct PlatformRoutes {
    let operations: Operations

    /// The paths this door serves, relative to `/api/v1` (for the OpenAPI test).
    static let routes: [(method: HTTPRequest.Method, path: String)] = [(.put, "clients/{id}"), (.post, "reminders")]

    /// `PUT /api/v1/clients/{id}`: the client as the PMS has it. `{id}` is its PMS id.
    struct ClientBody: Decodable {
        struct App: Decodable {
            var installed: Bool?
            var signedIn: Bool?
            var appVersion: String?
            var chatDisabled: Bool?
        }

        var firstName: String?
        var lastName: String?
        var email: String?
        var phones: [String]?
        var app: App?
    }

    func add(to group: RouterGroup<PlatformRequestContext>) {
        group.put("clients/:id") { request, context in
            try await PlatformResponse.answer {
                let caller = try context.requirePlatform()
                let pmsID = PathParameter.text(context, "id")
                let body = try await JSONResponse.decode(ClientBody.self, from: request)
                let entry = DirectoryEntry(
                    clientID: pmsID, firstName: (body.firstName ?? "").trimmingCharacters(in: .whitespaces),
                    lastName: (body.lastName ?? "").trimmingCharacters(in: .whitespaces),
                    email: (body.email ?? "").trimmingCharacters(in: .whitespaces), phones: body.phones ?? [],
                    appInstalled: body.app?.installed ?? false, appSignedIn: body.app?.signedIn ?? false,
                    appVersion: body.app?.appVersion ?? "", chatDisabled: body.app?.chatDisabled ?? false)
                let stored = try await operations.putDirectoryClient(caller, entry: entry)
                return try JSONResponse.make(stored.client, status: stored.created ? .created : .ok)
            }
        }
        group.post("reminders") { request, context in
            try await PlatformResponse.answer {
                let caller = try context.requirePlatform()
                let key = request.headers[HTTPField.Name("Idempotency-Key")!] ?? ""  // a valid field name
                let body = try await JSONResponse.decode(PlatformReminderRequest.self, from: request)
                let answer = try await operations.requestReminder(caller, key: key, body)
                return try JSONResponse.make(answer, status: answer.status == "scheduled" ? .accepted : .ok)
            }
        }
    }
}
