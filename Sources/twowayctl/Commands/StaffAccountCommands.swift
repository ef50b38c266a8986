import ArgumentParser
import Control
import Foundation

#if canImport(Glibc)
import Glibc
#endif

struct StaffAccounts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff",
        abstract: "Add, list, disable and enable staff accounts of the web inbox, and reset their passwords.",
        discussion: """
            Passwords are never given on the command line (other users could read them in the \
            process list): they are asked for without echo, or read from standard input with \
            --password-stdin.
            """,
        subcommands: [Add.self, List.self, Disable.self, Enable.self, ResetPassword.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a staff account to a practice.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var practice: PracticeOption
        @Option(help: ArgumentHelp(
            "The login name: 3 to 64 letters, digits and . _ - @, with at least one letter.", valueName: "name"))
        var login: String
        @Option(help: ArgumentHelp("The name shown on the account's messages, e.g. \"Dr. Alice\".", valueName: "text"))
        var name: String
        @Option(help: ArgumentHelp("admin (practice settings and staff accounts too) or staff.", valueName: "role"))
        var role: String
        @OptionGroup var password: PasswordOption

        func run() throws {
            try connection.run(StaffAddCommand(
                practice: practice.id, login: login, name: name, role: role, password: try password.read()))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the staff accounts of a practice (of every practice without --practice).")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: ArgumentHelp("The practice (default: $TWOWAYCTL_PRACTICE, or every practice).", valueName: "id"))
        var practice: Int64?

        func run() throws {
            let practice = practice ?? ProcessInfo.processInfo.environment["TWOWAYCTL_PRACTICE"].flatMap { Int64($0) }
            try connection.run(StaffListCommand(practice: practice))
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Disable a staff account; its sessions end at once and it can no longer sign in.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: ArgumentHelp("The account's login name or id.", valueName: "login-or-id")) var account: String

        func run() throws {
            try connection.run(StaffDisableCommand(account: account))
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a disabled staff account sign in again.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: ArgumentHelp("The account's login name or id.", valueName: "login-or-id")) var account: String

        func run() throws {
            try connection.run(StaffEnableCommand(account: account))
        }
    }

    struct ResetPassword: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password", abstract: "Give a staff account a new password; its sessions end at once.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: ArgumentHelp("The account's login name or id.", valueName: "login-or-id")) var account: String
        @OptionGroup var password: PasswordOption

        func run() throws {
            try connection.run(StaffResetPasswordCommand(account: account, password: try password.read()))
        }
    }
}

/// Where a new password comes from: a prompt without echo on the terminal, or standard input
/// with `--password-stdin` (its first line). Never an argument, which `ps` would show.
struct PasswordOption: ParsableArguments {
    @Flag(help: "Read the password from the first line of standard input instead of asking for it.")
    var passwordStdin = false

    func read() throws -> String {
        if passwordStdin {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw ValidationError("Standard input held no password.")
            }
            return line
        }
        guard isatty(STDIN_FILENO) == 1 else {
            throw ValidationError("Standard input is not a terminal: pass the password there with --password-stdin.")
        }
        let first = try Self.prompt("New password: ")
        let second = try Self.prompt("Repeat it: ")
        guard first == second else { throw ValidationError("The two passwords differ.") }
        return first
    }

    /// Asks on standard error and reads a line from the terminal with echo off.
    private static func prompt(_ text: String) throws -> String {
        FileHandle.standardError.write(Data(text.utf8))
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { throw ValidationError("Cannot read from the terminal.") }
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = readLine(strippingNewline: true) else { throw ValidationError("No password was typed.") }
        return line
    }
}
