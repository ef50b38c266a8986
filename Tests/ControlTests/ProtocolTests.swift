import Control
import Foundation
import Testing
@testable import Daemon

#if canImport(Glibc)
import Glibc
#endif

/// The wire protocol: bad input of any kind gets a structured error and the connection keeps
/// working (D4).
@Suite("Control protocol")
struct ProtocolTests {
    @Test("Garbage gets control.malformed_request; the next valid line on the connection works")
    func garbageThenValid() async throws {
        let harness = try await ControlHarness()
        for garbage in ["hello", "{\"v\":1,", "[1,2,3]", "42", "{}", "\u{1}\u{2}\u{3}"] {
            let response = try await harness.raw(garbage)
            #expect(!response.ok)
            #expect(response.error?.code == ControlErrorCode.malformedRequest, "for \(garbage.debugDescription)")
            #expect(response.id == nil)
        }
        let status = try await harness.call(StatusCommand())
        #expect(status.protocolVersion == 1)
        #expect(status.carrier == "sandbox")
    }

    @Test("Unknown commands, wrong versions and bad arguments are refused with the request's id")
    func structuredErrors() async throws {
        let harness = try await ControlHarness()
        let unknown = try await harness.raw(#"{"v":1,"id":7,"command":"conversation.delete","args":{}}"#)
        #expect(unknown.id == 7 && unknown.error?.code == ControlErrorCode.unknownCommand)

        let version = try await harness.raw(#"{"v":2,"id":8,"command":"status"}"#)
        #expect(version.id == 8 && version.error?.code == ControlErrorCode.unsupportedVersion)

        let noID = try await harness.raw(#"{"v":1,"command":"status"}"#)
        #expect(noID.error?.code == ControlErrorCode.malformedRequest)

        let missing = try await harness.raw(#"{"v":1,"id":9,"command":"conversation.reply","args":{"conversation":1}}"#)
        #expect(missing.id == 9 && missing.error?.code == ControlErrorCode.badArguments)
        #expect(missing.error?.message.contains("staff") == true)

        let wrongType = try await harness.raw(#"{"v":1,"id":10,"command":"conversation.show","args":{"conversation":"one"}}"#)
        #expect(wrongType.error?.code == ControlErrorCode.badArguments)
        #expect(wrongType.error?.message.contains("conversation must be a whole number") == true)

        let notObject = try await harness.raw(#"{"v":1,"id":11,"command":"practice.show","args":[1]}"#)
        #expect(notObject.error?.code == ControlErrorCode.badArguments)

        // Commands without required arguments need no args member at all.
        let status = try await harness.raw(#"{"v":1,"id":12,"command":"status"}"#)
        #expect(status.ok && status.id == 12)
        let nullArgs = try await harness.raw(#"{"v":1,"id":13,"command":"practice.list","args":null}"#)
        #expect(nullArgs.ok)
    }

    @Test("Responses are one line of JSON with v, id, ok and result or error")
    func responseShape() async throws {
        let harness = try await ControlHarness()
        let line = await harness.handler.respond(
            to: Data(#"{"v":1,"id":3,"command":"practice.list","args":{}}"#.utf8), connection: harness.connection)
        #expect(String(decoding: line, as: UTF8.self) == #"{"id":3,"ok":true,"result":{"practices":[]},"v":1}"#)
        let failure = await harness.handler.respond(to: Data("nope".utf8), connection: harness.connection)
        let text = String(decoding: failure, as: UTF8.self)
        #expect(text.hasPrefix(#"{"error":{"code":"control.malformed_request","message":"#))
        #expect(text.hasSuffix(#""id":null,"ok":false,"v":1}"#))
        #expect(!text.contains("\n"))
    }

    @Test("Every command of the Control module has a route")
    func everyCommandRouted() {
        let names = [
            StatusCommand.name, ReloadCommand.name, PracticeAddCommand.name, PracticeListCommand.name,
            PracticeShowCommand.name, PracticeSetCommand.name, AppChatEnableCommand.name, AppChatDisableCommand.name,
            TextingEnableCommand.name, TextingDisableCommand.name, NumberRequestCommand.name, NumberPortCommand.name,
            NumberPortCompleteCommand.name, HoursShowCommand.name, HoursSetCommand.name, HoursExceptionCommand.name,
            HoursClearCommand.name, DirectoryImportCommand.name, ClientsSearchCommand.name, ConversationListCommand.name,
            ConversationShowCommand.name, ConversationStartCommand.name, ConversationReplyCommand.name,
            ConversationEndCommand.name, ConversationOptOutCommand.name, ProfileShowCommand.name, ProfileEditCommand.name,
            SubscriptionShowCommand.name, SubscriptionSetCommand.name, ReminderSendCommand.name, SandboxTextCommand.name,
            SandboxInboxCommand.name, MediaUploadCommand.name, StaffAddCommand.name, StaffListCommand.name,
            StaffDisableCommand.name, StaffEnableCommand.name, StaffResetPasswordCommand.name, BackupCommand.name,
            BackupDiscardCommand.name, PracticeRemoveCommand.name, WebhookAddCommand.name, WebhookListCommand.name,
            WebhookRemoveCommand.name, EventListCommand.name, EventRetryCommand.name,
        ]
        #expect(ControlHandler.commandNames == names.sorted())
    }

    @Test("Commands that share an argument type keep their own name and their request line")
    func sharedArgumentTypes() throws {
        func line<Command: ControlCommand>(_ command: Command) throws -> String {
            String(decoding: try ControlProtocol.makeEncoder().encode(ControlRequest(id: 4, command)), as: UTF8.self)
        }
        #expect(try line(HoursShowCommand(practice: 2)) == #"{"args":{"practice":2},"command":"hours.show","id":4,"v":1}"#)
        #expect(try line(TextingDisableCommand(practice: nil)) == #"{"args":{},"command":"texting.disable","id":4,"v":1}"#)
        #expect(try line(ConversationOptOutCommand(practice: 2, staff: "Eve", conversation: 9))
            == #"{"args":{"conversation":9,"practice":2,"staff":"Eve"},"command":"conversation.opt-out","id":4,"v":1}"#)
        let end = try ControlRequestArguments.decode(
            ConversationEndCommand.self, from: Data(#"{"args":{"staff":"Bob","conversation":3}}"#.utf8),
            decoder: ControlProtocol.makeDecoder())
        #expect(end.practice == nil && end.staff == "Bob" && end.conversation == 3)
        let practiceOnly = [
            PracticeShowCommand.name, AppChatEnableCommand.name, AppChatDisableCommand.name, TextingEnableCommand.name,
            TextingDisableCommand.name, NumberRequestCommand.name, NumberPortCompleteCommand.name, HoursShowCommand.name,
            HoursClearCommand.name,
        ]
        #expect(Set(practiceOnly).count == practiceOnly.count)
        #expect(ConversationEndCommand.name == "conversation.end")
    }

    /// Issue 11: a last line over the limit with no line break before the end of input got no
    /// answer at all; it gets the same error as one with a line break.
    @Test("An oversized last line without a line break is answered control.request_too_large")
    func oversizedLastLineWithoutLineBreak() async throws {
        try await ControlSocketTests.withServer(access: ControlSocketTests.me) { path in
            let answer = try await ControlSocketTests.blocking {
                try Self.sendThenHalfClose(Data(repeating: UInt8(ascii: "x"), count: ControlProtocol.maxRequestBytes + 10),
                                           to: path)
            }
            let line = try #require(answer.split(separator: UInt8(ascii: "\n")).first)
            let response = try ControlProtocol.makeDecoder().decode(ControlResponse<EmptyObject>.self, from: Data(line))
            #expect(response.error?.code == ControlErrorCode.requestTooLarge)
            #expect(answer.filter { $0 == UInt8(ascii: "\n") }.count == 1)
        }
    }

    /// Connects to the Unix socket at `path`, writes `bytes`, shuts the writing half (the end
    /// of input the daemon sees) and reads every byte of the answer until the daemon closes.
    /// Each receive waits at most 10 s.
    static func sendThenHalfClose(_ bytes: Data, to path: String) throws -> Data {
        struct SocketFailure: Error, CustomStringConvertible { var description: String }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketFailure(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: Array(path.utf8.prefix(raw.count - 1)) + [0])
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { throw SocketFailure(description: "connect: errno \(errno)") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = send(fd, raw.baseAddress! + offset, raw.count - offset, 0)  // raw is not empty here
                guard written > 0 else { throw SocketFailure(description: "send: errno \(errno)") }
                offset += written
            }
        }
        shutdown(fd, Int32(SHUT_WR))
        var answer = Data()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            guard count > 0 else { break }
            answer.append(contentsOf: chunk[0..<count])
        }
        return answer
    }

    @Test("reload and status answer through the environment")
    func daemonCommands() async throws {
        let harness = try await ControlHarness()
        #expect(try await harness.call(ReloadCommand()) == ReloadInfo(reloaded: true, message: "reloaded"))
        _ = try await harness.onboardedPractice()
        let status = try await harness.call(StatusCommand())
        #expect(status.practices == 1 && status.version == "test" && status.outboxDepth == 0)
    }
}
