import Control
import Hummingbird
import Operations
import TextingCore

/// Clients of the signed-in account's practice: the search by last name that starts a
/// conversation (S3), and one client's profile to read and edit (R3, A5, C2). Another
/// practice's client is never found: `client.not_found`, exactly like one that does not exist
/// (W2).
struct ClientRoutes {
    let operations: Operations

    /// The profile fields to change: a left-out member stays, an empty one is cleared.
    struct EditBody: Decodable {
        var firstName: String?
        var lastName: String?
        var email: String?
    }

    func add(to routes: APIRoutes, _ group: RouterGroup<StaffRequestContext>) {
        routes.on(.get, "clients", in: group) { request, context in
            let caller = try context.requireSession().caller
            let lastName = request.uri.queryParameters["lastName"].map(String.init) ?? ""
            return try JSONResponse.make(
                try await operations.searchClients(caller, ClientsSearchCommand(practice: nil, lastName: lastName)))
        }
        routes.on(.get, "clients/{id}", in: group) { _, context in
            let caller = try context.requireSession().caller
            return try JSONResponse.make(try await operations.showClient(caller, client: Self.clientID(context)))
        }
        routes.on(.patch, "clients/{id}", in: group) { request, context in
            let caller = try context.requireSession().caller
            let id = try Self.clientID(context)
            let body = try await JSONResponse.decode(EditBody.self, from: request)
            return try JSONResponse.make(try await operations.editClient(
                caller, client: id, firstName: body.firstName, lastName: body.lastName, email: body.email))
        }
    }

    static func clientID(_ context: StaffRequestContext) throws -> Int64 {
        try PathParameter.id(context, notFound: TextingError(.init("client.not_found"), "There is no such client."))
    }
}
