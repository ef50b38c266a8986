import Foundation

/// The secrets the daemon uses, which never appear in `twowayd.json` or in logs.
///
/// Each is a file named after the secret, looked for in this order:
/// 1. `$CREDENTIALS_DIRECTORY/<name>`: systemd's `LoadCredential=<name>:<path>`;
/// 2. `$CREDENTIALS_DIRECTORY/secret_<name>`: the shipped unit's `LoadCredential=secret:<dir>`,
///    which loads every file of `/etc/twowayd/credentials` under that prefix;
/// 3. `<configuration directory>/credentials/<name>`: running by hand, without systemd.
///
/// The file's content, without surrounding white space, is the secret; an empty file counts as
/// absent. A file that cannot be read (missing, or in a directory the daemon may not enter) is
/// skipped. Absent secrets are fine with the sandbox carrier.
public struct Credentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// File name of the Twilio auth token, the key of webhook signatures and REST calls.
    public static let twilioAuthTokenName = "twilio-auth-token"
    /// File name of the key that signs media links (R5).
    public static let mediaLinkKeyName = "media-link-key"

    /// The Twilio auth token, when one was found.
    public var twilioAuthToken: String?
    /// The media-link signing key, when one was found.
    public var mediaLinkKey: String?
    /// The directories searched, in order (for error messages; never the secrets).
    public var searched: [String]
    /// Where ``secret(named:)`` looks, in order: a directory and a file-name prefix.
    var candidates: [Candidate] = []
    /// Secrets given by value (tests), looked up by ``secret(named:)`` before any file.
    var given: [String: String] = [:]

    struct Candidate: Sendable, Hashable {
        var directory: String
        var prefix: String
    }

    public init(
        twilioAuthToken: String? = nil, mediaLinkKey: String? = nil, searched: [String] = [],
        other: [String: String] = [:]
    ) {
        self.twilioAuthToken = twilioAuthToken
        self.mediaLinkKey = mediaLinkKey
        self.searched = searched
        self.given = other
    }

    /// The secret in the file `name` (the same search as at start, read now, so a secret added
    /// since is found), or nil when there is none or it is empty. `name` is one path component
    /// of letters, digits, `-`, `_` and `.`; anything else finds nothing.
    public func secret(named name: String) -> String? {
        if let value = given[name] { return value }
        guard !name.isEmpty, name.count <= 200, !name.hasPrefix("."),
              name.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) })
        else { return nil }
        return Self.read(name, in: candidates)
    }

    static func read(_ name: String, in candidates: [Candidate]) -> String? {
        for candidate in candidates {
            let path = (candidate.directory as NSString).appendingPathComponent(candidate.prefix + name)
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { return text }
        }
        return nil
    }

    /// Reads both secrets from `$CREDENTIALS_DIRECTORY` (from `environment`) and from
    /// `configurationDirectory/credentials`.
    public static func load(environment: [String: String], configurationDirectory: String) -> Credentials {
        var candidates: [Candidate] = []
        if let systemd = environment["CREDENTIALS_DIRECTORY"], !systemd.isEmpty {
            candidates.append(Candidate(directory: systemd, prefix: ""))
            candidates.append(Candidate(directory: systemd, prefix: "secret_"))
        }
        let local = (configurationDirectory as NSString).appendingPathComponent("credentials")
        candidates.append(Candidate(directory: local, prefix: ""))

        var searched: [String] = []
        for candidate in candidates where !searched.contains(candidate.directory) {
            searched.append(candidate.directory)
        }
        var credentials = Credentials(
            twilioAuthToken: read(twilioAuthTokenName, in: candidates), mediaLinkKey: read(mediaLinkKeyName, in: candidates),
            searched: searched)
        credentials.candidates = candidates
        return credentials
    }

    /// Which secrets are present, never their values: `twilio-auth-token: present, media-link-key: absent`.
    public var description: String {
        "\(Self.twilioAuthTokenName): \(twilioAuthToken == nil ? "absent" : "present"), "
            + "\(Self.mediaLinkKeyName): \(mediaLinkKey == nil ? "absent" : "present")"
    }

    /// The same as ``description``: no secret in `debugPrint` either.
    public var debugDescription: String { description }

    /// Presence only, so `dump` and `String(reflecting:)` of a value holding credentials never
    /// show a secret.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "twilioAuthToken": twilioAuthToken == nil ? "absent" : "<redacted>",
            "mediaLinkKey": mediaLinkKey == nil ? "absent" : "<redacted>",
            "searched": searched,
        ])
    }
}
