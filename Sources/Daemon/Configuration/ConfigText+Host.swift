import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension ConfigText {
    /// What a listener address must be, for error messages.
    static let expectedHost =
        "expected an IPv4 address such as 127.0.0.1, an IPv6 address such as ::1 or a host name such as localhost"

    /// A listener address (`http.host`): an IPv4 address in dotted-quad form with each number
    /// 0-255 and no leading zeros, an IPv6 address (optionally with a `%zone`), or a host name
    /// per RFC 1123 (letters, digits and hyphens in parts of 1-63 characters separated by dots,
    /// no part starting or ending with a hyphen, 253 characters at most).
    ///
    /// Text of only digits and dots is read as an IPv4 address, so `999.1.1.1` is refused here
    /// instead of failing when the listener binds. Whether a host name resolves is only known
    /// when binding.
    static func host(_ text: String) -> String? {
        if let problem = nonEmpty(text) { return problem }
        guard let reason = hostProblem(text) else { return nil }
        return "\(expectedHost), found \(ConfigValue.jsonQuoted(text)) (\(reason))"
    }

    /// Why `text` is no listener address, in a few words; nil when it is one.
    private static func hostProblem(_ text: String) -> String? {
        if text.contains("://") || text.hasPrefix("/") {
            return "give the host alone, without a scheme, port or path"
        }
        if text.hasPrefix("[") || text.hasSuffix("]") {
            return "write an IPv6 address without brackets"
        }
        if text.contains(":") {
            if text.filter({ $0 == ":" }).count == 1 { return "give the port in http.port, not in the host" }
            return ipv6Problem(text)
        }
        if text.allSatisfy({ $0 == "." || ("0"..."9").contains($0) }) {
            return ipv4Problem(text)
        }
        return hostNameProblem(text)
    }

    /// Four numbers 0-255 separated by dots, written without leading zeros (which some readers
    /// take for octal).
    private static func ipv4Problem(_ text: String) -> String? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 }) else {
            return "an IPv4 address has four numbers separated by dots"
        }
        for part in parts {
            guard let number = Int(part) else { return "an IPv4 address has four numbers separated by dots" }
            if number > 255 { return "\(part) is more than 255" }
            if part.count > 1 && part.hasPrefix("0") { return "\(part) starts with 0; write it without leading zeros" }
        }
        return nil
    }

    /// An address `inet_pton` reads as IPv6, with an optional `%zone` of letters, digits, `.`,
    /// `_` or `-` (a link-local address's interface).
    private static func ipv6Problem(_ text: String) -> String? {
        let pieces = text.split(separator: "%", maxSplits: 1, omittingEmptySubsequences: false)
        if pieces.count == 2 {
            let zone = pieces[1]
            let zoneCharacters = zone.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
            }
            guard !zone.isEmpty, zoneCharacters else { return "the interface after % is not a valid name" }
        }
        var address = in6_addr()
        let parsed = String(pieces[0]).withCString { inet_pton(AF_INET6, $0, &address) }
        return parsed == 1 ? nil : "not a valid IPv6 address"
    }

    /// A host name per RFC 1123.
    private static func hostNameProblem(_ text: String) -> String? {
        let allowed = text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == ".")
        }
        guard allowed else { return "a host name has only letters, digits, hyphens and dots" }
        guard text.utf8.count <= 253 else { return "a host name has at most 253 characters" }
        for label in text.split(separator: ".", omittingEmptySubsequences: false) {
            if label.isEmpty { return "a host name has no empty part before, after or between dots" }
            if label.utf8.count > 63 { return "each part of a host name between dots has at most 63 characters" }
            if label.hasPrefix("-") || label.hasSuffix("-") {
                return "no part of a host name starts or ends with a hyphen"
            }
        }
        return nil
    }
}
