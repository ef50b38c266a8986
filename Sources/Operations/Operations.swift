import Logging
import Routing

/// The application layer: every staff, admin and operator action as a function of
/// (``Caller``, typed arguments) -> result or ``TextingError``, with its authorisation.
///
/// Front doors (the control socket, the staff HTTP API) only decode, turn their credentials into
/// a `Caller`, call one method and encode the answer; no door decides anything itself. The
/// arguments and results are the `Control` module's types, the wire vocabulary every door shares,
/// so every door answers with the same shapes and error codes. Methods are grouped by concern in
/// the `Operations+…` files; who may do what is decided by ``practiceID(for:_:)``,
/// ``Caller/requireAdmin()`` and ``Caller/requireSystemAdministrator()`` alone.
public struct Operations: Sendable {
    public let environment: OperationsEnvironment
    var router: Router { environment.router }
    var logger: Logger { environment.logger }

    public init(environment: OperationsEnvironment) {
        self.environment = environment
    }
}
