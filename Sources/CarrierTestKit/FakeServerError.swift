/// The fake carrier server could not start.
public struct FakeServerError: Error, CustomStringConvertible {
    public var message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { "fake carrier server: \(message)" }
}
