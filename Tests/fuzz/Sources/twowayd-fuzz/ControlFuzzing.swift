import Control
import Foundation
import NIOCore
import NIOEmbedded
@testable import Daemon

/// The control protocol as the daemon reads it: `ControlFrameDecoder` splits the byte stream into
/// request lines, then each line is decoded as `ControlRequestHeader` and, for a known command,
/// its `args` as that command's type (`ControlRequestArguments.decode`), as `ControlHandler` does.
///
/// Input: byte 0 sets the line limit (1-64, so limits are reached), byte 1 the chunk size the
/// stream arrives in (1-32); the rest is the stream. Properties: no trap; the frames equal a
/// plain model of the framing (lines split at `\n`, a trailing `\r` dropped, a line over the
/// limit one `oversized`, a last unterminated line kept, or one `oversized` when over the
/// limit) whatever the chunking; decoding any line only throws.
enum ControlFuzzing {
    /// Mirrors `ControlHandler.routes`: every command's name and how to decode its arguments.
    static let commands: [String: @Sendable (Data, JSONDecoder) throws -> Void] = {
        func entry<C: ControlCommand>(_ type: C.Type) -> (String, @Sendable (Data, JSONDecoder) throws -> Void) {
            (C.name, { line, decoder in _ = try ControlRequestArguments.decode(C.self, from: line, decoder: decoder) })
        }
        return Dictionary(uniqueKeysWithValues: [
            entry(ProfileShowCommand.self), entry(ProfileEditCommand.self), entry(SubscriptionShowCommand.self),
            entry(SubscriptionSetCommand.self), entry(ReminderSendCommand.self), entry(ConversationListCommand.self),
            entry(ConversationShowCommand.self), entry(ConversationStartCommand.self), entry(ConversationReplyCommand.self),
            entry(ConversationEndCommand.self), entry(ConversationOptOutCommand.self), entry(StatusCommand.self),
            entry(ReloadCommand.self), entry(DirectoryImportCommand.self), entry(ClientsSearchCommand.self),
            entry(HoursShowCommand.self), entry(HoursSetCommand.self), entry(HoursExceptionCommand.self),
            entry(HoursClearCommand.self), entry(NumberRequestCommand.self), entry(NumberPortCommand.self),
            entry(NumberPortCompleteCommand.self), entry(PracticeAddCommand.self), entry(PracticeListCommand.self),
            entry(PracticeShowCommand.self), entry(PracticeSetCommand.self), entry(AppChatEnableCommand.self),
            entry(AppChatDisableCommand.self), entry(TextingEnableCommand.self), entry(TextingDisableCommand.self),
            entry(SandboxTextCommand.self), entry(SandboxInboxCommand.self), entry(MediaUploadCommand.self),
        ])
    }()

    /// A frame as compared: a line's bytes, or nil for `oversized`.
    typealias Frame = [UInt8]?

    static func run(_ bytes: [UInt8]) {
        guard bytes.count >= 2 else { return }
        let limit = Int(bytes[0] % 64) + 1
        let chunk = Int(bytes[1] % 32) + 1
        let stream = Array(bytes.dropFirst(2))
        let frames = decode(stream, limit: limit, chunk: chunk)
        let expected = model(stream, limit: limit)
        guard frames == expected else {
            violated("framing matches the model (limit \(limit), chunk \(chunk))", "got \(frames), expected \(expected)")
        }
        let decoder = ControlProtocol.makeDecoder()
        for case let line? in frames {
            let data = Data(line)
            guard let header = try? decoder.decode(ControlRequestHeader.self, from: data),
                  let command = header.command, let decode = commands[command] else { continue }
            _ = try? decode(data, decoder)
        }
    }

    /// The frames `ControlFrameDecoder` produces for `stream` fed in pieces of `chunk` bytes.
    static func decode(_ stream: [UInt8], limit: Int, chunk: Int) -> [Frame] {
        let channel = EmbeddedChannel()
        var frames: [Frame] = []
        do {
            try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(ControlFrameDecoder(maxLength: limit)))
            var offset = 0
            while offset < stream.count {
                let end = min(stream.count, offset + chunk)
                try channel.writeInbound(ByteBuffer(bytes: stream[offset..<end]))
                offset = end
                frames += drain(channel)
            }
            _ = try channel.finish(acceptAlreadyClosed: true)
            frames += drain(channel)
        } catch {
            violated("the decoder does not throw", "\(error)")
        }
        return frames
    }

    private static func drain(_ channel: EmbeddedChannel) -> [Frame] {
        var frames: [Frame] = []
        while let frame = try? channel.readInbound(as: ControlFrame.self) {
            switch frame {
            case .line(let buffer): frames.append(Array(buffer.readableBytesView))
            case .oversized: frames.append(nil)
            case .quiesce: violated("no quiesce without a shutdown", "")
            }
        }
        return frames
    }

    /// The framing as documented, on the whole stream at once.
    static func model(_ stream: [UInt8], limit: Int) -> [Frame] {
        var frames: [Frame] = []
        var parts = stream.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        let last = parts.removeLast()  // after the last "\n": unterminated (possibly empty)
        for line in parts {
            if line.count > limit {
                frames.append(nil)
            } else {
                frames.append(line.last == UInt8(ascii: "\r") ? Array(line.dropLast()) : line)
            }
        }
        if last.count > limit {
            frames.append(nil)
        } else if !last.isEmpty {
            frames.append(last)
        }
        return frames
    }
}
