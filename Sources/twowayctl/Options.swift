import ArgumentParser
import Control
import Foundation

/// Options every command has: where the daemon is and how to print.
struct ConnectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The daemon's control socket.", valueName: "path"))
    var socket: String?

    @Flag(help: "Print the result as JSON instead of text.")
    var json = false

    @Option(help: ArgumentHelp(
        "Seconds to wait for the daemon before giving up (default: $TWOWAYCTL_TIMEOUT, or 30).", valueName: "seconds"))
    var timeout: Double?

    /// `--timeout`, else `$TWOWAYCTL_TIMEOUT`, else ``ControlClient/defaultTimeout``; nil when
    /// neither is a positive number of seconds.
    var timeoutDuration: Duration? {
        guard let seconds = timeout ?? ProcessInfo.processInfo.environment["TWOWAYCTL_TIMEOUT"].map({ Double($0) ?? -1 })
        else { return ControlClient.defaultTimeout }
        guard seconds.isFinite, seconds > 0, seconds <= 86_400 else { return nil }
        return .milliseconds(Int64((seconds * 1_000).rounded(.up)))
    }

    /// `--socket`, else `$TWOWAYCTL_SOCKET`, else the default path.
    var socketPath: String {
        socket ?? ProcessInfo.processInfo.environment["TWOWAYCTL_SOCKET"] ?? "/run/twowayd.control.sock"
    }
}

/// `--practice ID` for commands about one practice.
struct PracticeOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The practice (default: $TWOWAYCTL_PRACTICE, or the only one).", valueName: "id"))
    var practice: Int64?

    var id: Int64? {
        practice ?? ProcessInfo.processInfo.environment["TWOWAYCTL_PRACTICE"].flatMap { Int64($0) }
    }
}

/// `--as NAME` for what staff do.
struct StaffOption: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp("The staff name recorded (default: $USER).", valueName: "name"))
    var staff: String?

    var name: String {
        staff ?? ProcessInfo.processInfo.environment["USER"] ?? NSUserName()
    }
}

/// `on` / `off` values.
enum Switch: String, ExpressibleByArgument, CaseIterable {
    case on, off
    var isOn: Bool { self == .on }
}
