import Foundation
import Hummingbird
import TextingCore

/// The parameters of a route's path, decoded: anything that cannot name a thing of the
/// practice answers exactly as a thing that does not exist (W2), never as bad input.
enum PathParameter {
    /// The positive whole number `{name}` of the path, else `notFound`.
    static func id(_ context: StaffRequestContext, _ name: String = "id", notFound: @autoclosure () -> TextingError)
        throws -> Int64
    {
        guard let id = context.parameters.get(name, as: Int64.self), id > 0 else { throw StaffAPIError(notFound()) }
        return id
    }

    /// The text `{name}` of the path, percent-decoded (a `+` of a phone number stays a `+`).
    static func text(_ context: some RequestContext, _ name: String) -> String {
        let raw = context.parameters.get(name).map { String($0) } ?? ""
        return raw.removingPercentEncoding ?? raw
    }
}
