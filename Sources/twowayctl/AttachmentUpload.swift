import ArgumentParser
import Control
import Foundation

extension ConnectionOptions {
    /// Bytes of a file per `media.upload` request: 600 kB is 800 kB of base64, under the 1 MiB
    /// request limit with room for the JSON around it.
    static let uploadPartBytes = 600_000

    /// Sends each of `files` with `media.upload` on `client`, in parts, and returns the upload ids
    /// in order (R5). The first part names the file and its size, so the daemon refuses a wrong
    /// type or a file over its limit before the rest is sent.
    ///
    /// A file that cannot be read ends the command with status 1 before anything is sent.
    func upload(_ files: [String], practice: Int64?, on client: ControlClient) throws -> [String] {
        var handles: [(name: String, handle: FileHandle, size: Int)] = []
        for file in files {
            do {
                let attributes = try FileManager.default.attributesOfItem(atPath: file)
                guard (attributes[.type] as? FileAttributeType) == .typeRegular else {
                    Self.fail("\(file) is not a regular file.")
                    throw ExitCode(1)
                }
                let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
                handles.append((file, try FileHandle(forReadingFrom: URL(fileURLWithPath: file)), size))
            } catch let exit as ExitCode {
                throw exit
            } catch {
                Self.fail("Cannot read \(file): \(error.localizedDescription)")
                throw ExitCode(1)
            }
        }
        defer { for entry in handles { try? entry.handle.close() } }
        var ids: [String] = []
        for entry in handles {
            var upload: String?
            var sent = 0
            repeat {
                let chunk: Data
                do {
                    chunk = try entry.handle.read(upToCount: Self.uploadPartBytes) ?? Data()
                } catch {
                    Self.fail("Cannot read \(entry.name): \(error.localizedDescription)")
                    throw ExitCode(1)
                }
                sent += chunk.count
                let more = !chunk.isEmpty && sent < entry.size
                let command = MediaUploadCommand(
                    practice: practice, upload: upload, fileName: upload == nil ? entry.name : nil,
                    totalBytes: upload == nil ? entry.size : nil, data: chunk.base64EncodedString(), more: more ? true : nil)
                let answer = try send(command, on: client)
                upload = answer.upload
                if answer.complete { break }
            } while true
            if let upload { ids.append(upload) }
        }
        return ids
    }
}
