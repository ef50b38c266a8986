import ArgumentParser
import Control

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show the daemon's version, carrier, practices and outbox.")
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        try connection.run(StatusCommand())
    }
}

struct Reload: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-read the configuration file (like systemctl reload); a broken file is refused.")
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        try connection.run(ReloadCommand())
    }
}
