import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

extension StaffAPI {
    /// The API as HummingbirdCore's per-request responder, for a listener that serves
    /// `HTTP1Channel` connections itself (socket activation, which Hummingbird's `Application`
    /// cannot adopt). It adds what `Application` would: a request id in the log metadata
    /// (`request_id`) and the `X-Request-Id` header, the `Date` header, and `Server: twowayd`.
    public func httpResponder(logger: Logger) -> HTTPChannelHandler.Responder {
        let responder = makeRouter().buildResponder()
        let dates = HTTPDate()
        return { request, responseWriter, channel in
            var logger = logger
            let requestID = RequestID().description
            logger[metadataKey: StaffRequestContext.requestIDKey] = .string(requestID)
            let context = StaffRequestContext(source: .init(channel: channel, logger: logger))
            var response: Response
            do {
                response = try await responder.respond(to: request, context: context)
            } catch let error as HTTPParserError {
                throw error  // HummingbirdCore answers 400 and closes the connection
            } catch {
                response = ErrorMiddleware.response(for: error, request: request, context: context)
                response.headers[.xRequestID] = requestID
                SecurityHeaders.stamp(&response.headers)
            }
            response.headers[.date] = dates.now
            response.headers[.server] = "twowayd"
            try await responseWriter.write(response: response.head, body: response.body)
        }
    }
}
