import Daemon
import Foundation

// Everything lives in the Daemon module so it can be tested; see TwowayDaemon.
let status = await TwowayDaemon.main(
    arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
exit(status)
