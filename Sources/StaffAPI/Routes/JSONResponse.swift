import Foundation
import HTTPTypes
import Hummingbird
import TextingCore

/// JSON in and out for the staff API's routes.
enum JSONResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// `value` as a JSON answer that no cache keeps.
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        let body = try encoder.encode(value)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The request's JSON body as `T`, at most `limit` bytes.
    ///
    /// - Throws: `request.too_large` past the limit, `request.invalid_json` when it does not decode.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int = 65_536) async throws -> T {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch {
            throw StaffAPIError(.init(.tooLarge, "The request body is larger than \(limit) bytes."))
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch {
            throw StaffAPIError(.init(.invalidJSON, "The request body is not the JSON this request expects."))
        }
    }
}
