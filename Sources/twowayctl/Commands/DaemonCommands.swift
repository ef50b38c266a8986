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
        abstract: "Re-read the configuration file (like systemctl reload); a broken file is refused.",
        discussion: "Exits 0 when the new configuration is in force, and 1 with the daemon's reason when it "
            + "refused it (the running configuration then stays in force).")
    @OptionGroup var connection: ConnectionOptions

    /// Prints the outcome; a refused configuration is a failure (exit 1, the reason on stderr),
    /// so scripts can tell it from an applied one.
    func run() throws {
        let client = try connection.connect()
        let outcome = try connection.send(ReloadCommand(), on: client)
        guard outcome.reloaded else {
            if connection.json { print(ConnectionOptions.encode(outcome)) }
            ConnectionOptions.fail(outcome.message)
            throw ExitCode(1)
        }
        connection.emit(outcome)
    }
}
