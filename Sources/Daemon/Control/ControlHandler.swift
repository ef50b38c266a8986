import Control
import Foundation
import Logging
import Operations
import Routing
import TextingCore
import TwowayMetrics

/// Answers control requests: one JSON line in, one JSON line out, never a thrown error.
///
/// It knows nothing of sockets, so tests drive it directly. Each command of the `Control` module
/// is registered once (see the `ControlHandler+…` files) with the ``Operations`` method that
/// carries it out, for a caller who is the system administrator (the socket's access policy
/// admitted the peer): the handler only decodes, calls and encodes. Bad input of any kind (not JSON, unknown command, wrong arguments, a rule refusing) becomes an
/// error response and the next request on the same connection is served as usual (D4).
public struct ControlHandler: Sendable {
    typealias Route = @Sendable (
        ControlHandler, _ line: Data, _ id: Int, _ connection: ControlConnection, _ log: inout Logger.Metadata
    ) async throws -> Data

    let operations: Operations
    let logger: Logger

    public init(environment: ControlEnvironment) {
        operations = Operations(environment: environment)
        logger = environment.logger
    }

    /// The names of every command, sorted.
    public static var commandNames: [String] { routes.keys.sorted() }

    /// Answers one request line (without its newline); the answer has no newline either.
    public func respond(to line: Data, connection: ControlConnection) async -> Data {
        let decoder = ControlProtocol.makeDecoder()
        let header: ControlRequestHeader
        do {
            header = try decoder.decode(ControlRequestHeader.self, from: line)
        } catch {
            return Self.failure(id: nil, ControlErrorBody(
                code: ControlErrorCode.malformedRequest,
                message: "The request is not a JSON object like {\"v\":1,\"id\":1,\"command\":\"status\",\"args\":{}}."))
        }
        guard let id = header.id, let command = header.command, let version = header.v else {
            return Self.failure(id: header.id, ControlErrorBody(
                code: ControlErrorCode.malformedRequest,
                message: "The request needs the members v (the protocol version), id (an integer) and command."))
        }
        guard version == ControlProtocol.version else {
            return Self.failure(id: id, ControlErrorBody(
                code: ControlErrorCode.unsupportedVersion,
                message: "This daemon speaks protocol version \(ControlProtocol.version), not \(version); use the twowayctl "
                    + "that came with it."))
        }
        guard let route = Self.routes[command] else {
            return Self.failure(id: id, ControlErrorBody(
                code: ControlErrorCode.unknownCommand, message: "There is no command \"\(command)\"."))
        }
        let started = ContinuousClock.now
        var metadata: Logger.Metadata = ["event": "control_command", "command": "\(command)", "request_id": "\(id)"]
        if let peer = connection.peer { metadata["uid"] = "\(peer.uid)" }
        do {
            let answer = try await route(self, line, id, connection, &metadata)
            log(metadata, started: started, error: nil)
            TwowayMetrics.controlCommand(command, result: "ok")
            return answer
        } catch {
            let body = describe(error)
            log(metadata, started: started, error: body)
            TwowayMetrics.controlCommand(command, result: body.code)
            return Self.failure(id: id, body)
        }
    }

    /// The answer to a line longer than ``ControlProtocol/maxRequestBytes``.
    public static func tooLargeResponse() -> Data {
        failure(id: nil, ControlErrorBody(
            code: ControlErrorCode.requestTooLarge,
            message: "The request is longer than \(ControlProtocol.maxRequestBytes) bytes. Send a large directory import "
                + "in parts (twowayctl does this by itself)."))
    }

    /// The answer to a peer the access policy refused.
    public static func forbiddenResponse(_ reason: String) -> Data {
        failure(id: nil, ControlErrorBody(code: ControlErrorCode.forbidden, message: reason))
    }

    // MARK: - Routes

    /// Builds the route of one command: decode its arguments, note the practice and staff name
    /// for the journal, run `body` for the connection's caller, encode its result.
    static func route<Command: ControlCommand>(
        _ type: Command.Type,
        _ body: @escaping @Sendable (Operations, Command, Caller, ControlConnection) async throws -> Command.Result
    ) -> (String, Route) {
        (Command.name, { handler, line, id, connection, metadata in
            let arguments: Command
            do {
                arguments = try ControlRequestArguments.decode(Command.self, from: line, decoder: ControlProtocol.makeDecoder())
            } catch {
                throw ControlErrorBody(code: ControlErrorCode.badArguments,
                                       message: "Bad arguments for \(Command.name): \(Self.describe(decoding: error))")
            }
            if let practice = (arguments as? any PracticeScoped)?.practice { metadata["practice"] = "\(practice)" }
            if let staff = (arguments as? any StaffAction)?.staff { metadata["staff"] = "\(staff)" }
            let result = try await body(handler.operations, arguments, caller(of: connection), connection)
            return try ControlProtocol.makeEncoder().encode(ControlResponse.success(id: id, result))
        })
    }

    /// Who asks over the control socket: a peer the access policy admitted administers the
    /// whole daemon; what it does is recorded under the `--as` name it gives.
    static func caller(of connection: ControlConnection) -> Caller {
        .systemAdministrator(name: connection.peer.map { "uid \($0.uid)" } ?? "local")
    }

    static let routes: [String: Route] = Dictionary(
        uniqueKeysWithValues: daemonRoutes + practiceRoutes + staffRoutes + directoryRoutes + sandboxRoutes + mediaRoutes
            + accountRoutes + webhookRoutes)

    // MARK: - Errors

    static func failure(id: Int?, _ body: ControlErrorBody) -> Data {
        // Encoding two strings and an optional list cannot fail; the fallback keeps the promise
        // of always answering with JSON.
        (try? ControlProtocol.makeEncoder().encode(ControlResponse<EmptyResult>.failure(id: id, body)))
            ?? Data(#"{"v":1,"id":null,"ok":false,"error":{"code":"control.internal","message":"encoding failed"}}"#.utf8)
    }

    /// A rule's error keeps its code and sentence; anything else is an internal error whose
    /// details go to the journal only.
    private func describe(_ error: any Error) -> ControlErrorBody {
        switch error {
        case let body as ControlErrorBody:
            return body
        case let error as TextingError:
            return ControlErrorBody(code: error.code.rawValue, message: error.message)
        default:
            logger.error("control command failed: \(error)", metadata: ["event": "control_error", "error": "\(error)"])
            return ControlErrorBody(code: ControlErrorCode.internalError,
                                    message: "The daemon could not carry out the command; its journal says why.")
        }
    }

    /// A decoding error in words: which argument, and what was wrong with it.
    static func describe(decoding error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            let names = keys.filter { $0.stringValue != "args" }.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return names.isEmpty ? "args" : names.joined(separator: ".")
        }
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing argument \(path(context.codingPath + [key]))."
        case .typeMismatch(let type, let context):
            return "argument \(path(context.codingPath)) must be \(Self.typeName(type))."
        case .valueNotFound(let type, let context):
            return "argument \(path(context.codingPath)) must be \(Self.typeName(type)), not null."
        case .dataCorrupted(let context):
            return "argument \(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int64.Type, is Int.Type: "a whole number"
        case is [String].Type: "a list of strings"
        default: "an object"
        }
    }

    // MARK: - Logging

    /// One journal entry per command: `event=control_command` with the command, request id,
    /// uid, practice and staff name when given, duration, and the error code when refused.
    private func log(_ metadata: Logger.Metadata, started: ContinuousClock.Instant, error: ControlErrorBody?) {
        var metadata = metadata
        metadata["duration_ms"] = "\(Int(((ContinuousClock.now - started).inSeconds * 1000).rounded()))"
        if let error {
            metadata["code"] = "\(error.code)"
            logger.info("control command refused", metadata: metadata)
        } else {
            logger.info("control command", metadata: metadata)
        }
    }
}

/// The `result` type of a failure response, which has none.
struct EmptyResult: Codable, Sendable {}
