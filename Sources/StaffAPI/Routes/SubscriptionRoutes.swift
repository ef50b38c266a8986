import Control
import Hummingbird
import Operations
import TextingCore

/// A number's subscription settings at the account's practice (O1, O4): 2-way texting and
/// reminders, and every change with who, how and when. Setting them is recorded under the
/// signed-in account (W1). Subscriptions belong to (practice, number), so another practice's
/// settings for the same number are never read or changed.
struct SubscriptionRoutes {
    let operations: Operations

    /// The subscriptions to set; a left-out member stays as it is.
    struct SetBody: Decodable {
        var twoWay: Bool?
        var reminders: Bool?
    }

    func add(to routes: APIRoutes, _ group: RouterGroup<StaffRequestContext>) {
        routes.on(.get, "subscriptions/{phone}", in: group) { _, context in
            let caller = try context.requireSession().caller
            return try JSONResponse.make(try await operations.showSubscription(
                caller, SubscriptionShowCommand(practice: nil, phone: PathParameter.text(context, "phone"))))
        }
        routes.on(.put, "subscriptions/{phone}", in: group) { request, context in
            let caller = try context.requireSession().caller
            let body = try await JSONResponse.decode(SetBody.self, from: request)
            return try JSONResponse.make(try await operations.setSubscription(caller, SubscriptionSetCommand(
                practice: nil, staff: "", phone: PathParameter.text(context, "phone"), twoWay: body.twoWay,
                reminders: body.reminders)))
        }
    }
}
