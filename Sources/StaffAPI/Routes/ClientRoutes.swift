import Control
import Hummingbird
import Operations

/// Clients of the signed-in account's practice: the search by last name that starts a
/// conversation (S3, W2). Another practice's clients are never found.
struct ClientRoutes {
    let operations: Operations

    func add(to routes: APIRoutes, _ group: RouterGroup<StaffRequestContext>) {
        routes.on(.get, "clients", in: group) { request, context in
            let caller = try context.requireSession().caller
            let lastName = request.uri.queryParameters["lastName"].map(String.init) ?? ""
            return try JSONResponse.make(
                try await operations.searchClients(caller, ClientsSearchCommand(practice: nil, lastName: lastName)))
        }
    }
}
