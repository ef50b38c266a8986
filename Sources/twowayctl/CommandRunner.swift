import ArgumentParser
import Control
import Foundation
import TextingCore

/// A result `twowayctl` can print for people.
protocol HumanReadable {
    /// The text printed without `--json`, ending without a line break.
    var humanReadable: String { get }
}

extension ConnectionOptions {
    /// Sends `command` on a new connection and prints its result; on failure prints the reason
    /// and exits (see ``Twowayctl``).
    func run<Command: ControlCommand>(_ command: Command) throws where Command.Result: HumanReadable {
        let client = try connect()
        emit(try send(command, on: client))
    }

    /// Sends `command` and prints its result with every time in the practice's zone: the zone
    /// comes from a `practice.show` on the same connection (not asked with `--json`, which keeps
    /// ISO 8601 UTC).
    func run<Command: ControlCommand>(_ command: Command) throws where Command.Result: TimedHumanReadable {
        let client = try connect()
        let result = try send(command, on: client)
        emit(result, practice: result.practiceOfTimes ?? (command as? any PracticeScoped)?.practice, on: client)
    }

    func connect() throws -> ControlClient {
        guard let timeout = timeoutDuration else {
            Self.fail("The timeout must be a number of seconds above 0 and at most 86400 (--timeout or TWOWAYCTL_TIMEOUT).")
            throw ExitCode(2)
        }
        do {
            return try ControlClient(socketPath: socketPath, timeout: timeout)
        } catch {
            Self.fail(error.message)
            throw ExitCode(2)
        }
    }

    func send<Command: ControlCommand>(_ command: Command, on client: ControlClient) throws -> Command.Result {
        do {
            return try client.send(command)
        } catch let refusal as ControlErrorBody {
            if json { print(Self.encode(refusal)) }
            var reason = refusal.description
            if refusal.code == "policy.confirmation_required" { reason += " Add --confirm to send it." }
            Self.fail(reason)
            for detail in refusal.details ?? [] {
                FileHandle.standardError.write(Data("  \(detail.line.map { "line \($0): " } ?? "")\(detail.message)\n".utf8))
            }
            throw ExitCode(1)
        } catch let failure as ControlClientError {
            Self.fail(failure.message)
            throw ExitCode(2)
        } catch {
            Self.fail("\(error)")
            throw ExitCode(2)
        }
    }

    func emit<Result: Encodable & HumanReadable>(_ result: Result) {
        print(json ? Self.encode(result) : result.humanReadable)
    }

    /// Prints `result`, its times in the zone of `practice` (nil: the daemon's only practice).
    func emit<Result: TimedHumanReadable>(_ result: Result, practice: Int64?, on client: ControlClient) {
        print(json ? Self.encode(result) : result.humanReadable(timeFormat(of: practice, on: client)))
    }

    /// How times of `practice` read: in its zone. When the zone cannot be read (the command's
    /// work is done by then, so this never fails it) times are shown in UTC, saying so, and a
    /// note on stderr says why.
    func timeFormat(of practice: Int64?, on client: ControlClient) -> PracticeTimeFormat {
        let reason: String
        do {
            let info = try client.send(PracticeShowCommand(practice: practice))
            if let format = PracticeTimeFormat(identifier: info.timeZone) { return format }
            reason = "the practice's time zone \(info.timeZone) is unknown here"
        } catch let refusal as ControlErrorBody {
            reason = refusal.description
        } catch let failure as ControlClientError {
            reason = failure.message
        } catch {
            reason = "\(error)"
        }
        Self.fail("times are in UTC: cannot read the practice's time zone (\(reason))")
        return .utc
    }

    static func encode(_ value: some Encodable) -> String {
        let encoder = ControlProtocol.makeEncoder()
        encoder.outputFormatting.insert(.prettyPrinted)
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The one-line reason on stderr.
    static func fail(_ reason: String) {
        FileHandle.standardError.write(Data("twowayctl: \(reason)\n".utf8))
    }
}
