import ArgumentParser
import Foundation

/// Options every command has: where the daemon is and how to print.
struct ConnectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The daemon's control socket.", valueName: "path"))
    var socket: String?

    @Flag(help: "Print the result as JSON instead of text.")
    var json = false

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
