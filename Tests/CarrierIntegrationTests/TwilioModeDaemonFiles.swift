import Foundation

/// The files a `twowayd` in twilio mode against a ``FakeCarrierServer`` runs from, in a fresh
/// directory under /tmp: its configuration (loopback listener, control socket, state directory,
/// the fake as the carrier's API), the auth token as a credential, and the log file.
struct TwilioModeDaemonFiles {
    let directory: URL
    var socket: String { directory.appendingPathComponent("control.sock").path }
    var config: String { directory.appendingPathComponent("twowayd.json").path }
    var log: URL { directory.appendingPathComponent("daemon.log") }

    /// Writes the configuration for `port`, `apiBaseURL` (the fake's) and `logLevel`.
    init(prefix: String, port: Int, apiBaseURL: String, logLevel: String = "info", segmentsPerSecond: Int = 50) throws {
        typealias Support = IntegrationSupport
        directory = try Support.temporaryDirectory(prefix)
        let credentials = directory.appendingPathComponent("credentials")
        try FileManager.default.createDirectory(at: credentials, withIntermediateDirectories: true)
        try Data("\(Support.authToken)\n".utf8).write(to: credentials.appendingPathComponent("twilio-auth-token"))
        try Data("""
            {"logLevel": "\(logLevel)",
             "http": {"host": "127.0.0.1", "port": \(port), "publicURL": "\(Support.publicURL)"},
             "control": {"socketPath": "\(socket)", "allowedUsers": ["\(Support.userName)"], "allowedGroups": []},
             "stateDirectory": "\(directory.appendingPathComponent("state").path)",
             "carrier": {"kind": "twilio", "accountSID": "\(Support.accountSID)", "apiBaseURL": "\(apiBaseURL)"},
             "outbox": {"segmentsPerSecond": \(segmentsPerSecond)}}
            """.utf8).write(to: URL(fileURLWithPath: config))
    }

    /// Removes the directory.
    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
