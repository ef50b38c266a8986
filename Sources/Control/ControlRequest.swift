import Foundation

/// A request line: `{"v":1,"id":N,"command":"…","args":{…}}`.
public struct ControlRequest<Command: ControlCommand>: Codable, Sendable {
    /// The protocol version (``ControlProtocol/version``).
    public var v: Int
    /// Chosen by the client; the response carries it back.
    public var id: Int
    /// ``ControlCommand/name`` of `Command`.
    public var command: String
    public var args: Command

    public init(id: Int, _ args: Command) {
        self.v = ControlProtocol.version
        self.id = id
        self.command = Command.name
        self.args = args
    }
}

/// The envelope of a request without its arguments, read first to pick the command. Every field
/// is optional so a line with a bad `args` or a missing `v` still yields an `id` to answer with.
public struct ControlRequestHeader: Decodable, Sendable {
    public var v: Int?
    public var id: Int?
    public var command: String?
}

/// Reads the `args` member of a request line as `Command` once the command is known. A missing
/// `args` (or `null`) reads as the empty object, so commands without required arguments need none.
public enum ControlRequestArguments {
    private struct Envelope<Command: Decodable>: Decodable {
        var args: Command?
    }

    /// The arguments in `line`; throws the decoder's error when they do not fit `Command`.
    public static func decode<Command: ControlCommand>(
        _ type: Command.Type, from line: Data, decoder: JSONDecoder
    ) throws -> Command {
        if let args = try decoder.decode(Envelope<Command>.self, from: line).args { return args }
        return try decoder.decode(Command.self, from: Data("{}".utf8))
    }
}
