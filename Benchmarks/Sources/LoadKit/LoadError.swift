/// A load or benchmark that cannot go on, with the reason in words.
public struct LoadError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
