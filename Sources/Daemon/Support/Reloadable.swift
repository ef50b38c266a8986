import Synchronization

/// A value that a reload replaces while other tasks read it: each read sees either the old or
/// the new value whole.
public final class Reloadable<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>

    public init(_ value: Value) {
        storage = Mutex(value)
    }

    /// The current value.
    public var current: Value {
        storage.withLock { $0 }
    }

    /// Replaces the value for every later read.
    public func replace(with value: Value) {
        storage.withLock { $0 = value }
    }
}
