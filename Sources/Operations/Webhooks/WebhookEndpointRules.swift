import Foundation
import TextingStore

/// What an endpoint of the platform's webhooks must be, wherever it is given (the configuration
/// file, `twowayctl webhook add`).
public enum WebhookEndpointRules {
    /// The problem with `text` as an endpoint URL in words, or nil when it is an absolute
    /// `http` or `https` URL with a host.
    public static func problem(url text: String) -> String? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty
        else { return "\"\(text)\" is not an absolute URL like https://platform.example/hooks/twowayd" }
        guard scheme == "http" || scheme == "https" else {
            return "the URL must start with http:// or https://, not \(scheme):"
        }
        return nil
    }

    /// The event types named in `names` (nil or `["all"]`: all of them), or the first unknown name.
    public static func eventTypes(_ names: [String]?) -> Result<Set<EventType>?, UnknownEventType> {
        guard let names, !(names.count == 1 && names[0] == "all") else { return .success(nil) }
        var types = Set<EventType>()
        for name in names {
            guard let type = EventType(rawValue: name) else { return .failure(UnknownEventType(name: name)) }
            types.insert(type)
        }
        return .success(types)
    }

    /// A name that is no event type.
    public struct UnknownEventType: Error, Sendable {
        public var name: String
        /// The sentence for the operator.
        public var message: String {
            "\"\(name)\" is not an event type; the types are \(EventType.allCases.map(\.rawValue).joined(separator: ", ")) (or all)"
        }
    }
}
