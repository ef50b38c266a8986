import Foundation
@testable import Daemon

/// The configuration loader's parsing and checking: `ConfigValue.parse` (its own JSON parser),
/// `DaemonConfiguration(reading:environment:isRoot:)` (keys, types, ranges) and
/// `applyEnvironmentOverrides` (the `TWOWAYD_*` variables).
///
/// Input: the file's bytes, then optionally a 0x00 byte and values for the override variables
/// separated by 0x00. Properties: no trap; errors are `ConfigurationError`s (typed throws); a
/// parsed value written back out as JSON parses to the same value.
///
/// `ConfigurationLoader.load(file:)` itself is not called: it reads files named by the input
/// (`contentPolicyFile`), which a fuzzer could point at `/dev/zero`.
enum ConfigFuzzing {
    static let variables = ["TWOWAYD_LOG_LEVEL", "TWOWAYD_HTTP_HOST", "TWOWAYD_HTTP_PORT", "TWOWAYD_STATE_DIRECTORY",
                            "TWOWAYD_PUBLIC_URL"]

    static func run(_ bytes: [UInt8]) {
        let parts = bytes.split(separator: 0, maxSplits: variables.count, omittingEmptySubsequences: false)
        let file = Array(parts.first ?? [])
        var environment: [String: String] = [:]
        for (variable, value) in zip(variables, parts.dropFirst()) {
            environment[variable] = String(decoding: value, as: UTF8.self)
        }
        let value: ConfigValue
        do {
            value = try ConfigValue.parse(file)
        } catch {
            return
        }
        let written = Array(json(value).utf8)
        do {
            let again = try ConfigValue.parse(written)
            guard again == value else { violated("write/parse round trip", "\(value) became \(again)") }
        } catch {
            violated("written JSON parses", "\(String(decoding: written, as: UTF8.self)): \(error)")
        }
        guard var configuration = try? DaemonConfiguration(reading: value, environment: [:], isRoot: false) else { return }
        _ = try? configuration.applyEnvironmentOverrides(environment)
    }

    /// `value` as JSON text.
    static func json(_ value: ConfigValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(_, let text): text
        case .string(let text): ConfigValue.jsonQuoted(text)
        case .array(let items): "[" + items.map(json).joined(separator: ",") + "]"
        case .object(let members):
            "{" + members.map { ConfigValue.jsonQuoted($0.key) + ":" + json($0.value) }.joined(separator: ",") + "}"
        }
    }
}
