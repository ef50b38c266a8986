import AsyncHTTPClient
import Foundation

extension TwilioClient {
    /// The two methods the REST subset uses.
    enum Method {
        case get, post
    }

    /// A 2xx answer. `body` is nil when it could not be read (too large, or the connection broke
    /// after the status line): the carrier did the work, so callers must not simply retry.
    struct Response {
        var status: Int
        var body: Data?
    }

    /// Answers larger than this are not read (the REST subset's answers are a few KB).
    static let maximumResponseBytes = 1 << 20

    /// Calls `<accountURL><path>` with basic auth, `query` in the URL and `form` (when given) as
    /// an `application/x-www-form-urlencoded` body.
    ///
    /// - Returns: the answer when its status is 2xx.
    /// - Throws: ``TwilioErrorResponse/carrierError(httpStatus:body:)`` for any other status;
    ///   a retryable error with `code` nil when no answer came (see ``transportError(_:)``).
    func perform(
        _ method: Method, path: String, query: [(String, String)] = [], form: [(String, String)]? = nil
    ) async throws(CarrierError) -> Response {
        var url = configuration.accountURL + path
        if !query.isEmpty { url += "?" + FormEncoding.encode(query) }
        var request = HTTPClientRequest(url: url)
        switch method {
        case .get: request.method = .GET
        case .post: request.method = .POST
        }
        let credentials = Data("\(configuration.accountSID):\(configuration.authToken)".utf8).base64EncodedString()
        request.headers.add(name: "Authorization", value: "Basic " + credentials)
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "twowayd")
        if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")
            request.body = .bytes(Array(FormEncoding.encode(form).utf8))
        }

        let timeout = configuration.requestTimeout.wholeNanoseconds
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: .nanoseconds(timeout))
        } catch {
            throw transportError(error)
        }
        let status = Int(response.status.code)
        let body: Data?
        do {
            let buffer = try await response.body.collect(upTo: Self.maximumResponseBytes)
            body = Data(buffer.readableBytesView)
        } catch {
            body = nil
        }
        guard (200..<300).contains(status) else {
            throw TwilioErrorResponse.carrierError(httpStatus: status, body: body)
        }
        return Response(status: status, body: body)
    }

    /// A call that got no HTTP answer: retryable, `code` nil, with what went wrong in words.
    /// The message names the API host, never the credentials.
    func transportError(_ error: any Error) -> CarrierError {
        let host = URLComponents(string: configuration.apiBaseURL)?.host ?? configuration.apiBaseURL
        let milliseconds = configuration.requestTimeout.wholeNanoseconds / 1_000_000
        let seconds = milliseconds % 1000 == 0
            ? String(milliseconds / 1000) : String(format: "%.3g", Double(milliseconds) / 1000)
        let what: String
        switch error {
        case let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout:
            what = "did not answer within \(seconds) s"
        case let error as HTTPClientError where error == .connectTimeout:
            what = "could not be connected to in time"
        case let error as HTTPClientError where error == .remoteConnectionClosed:
            what = "closed the connection without answering"
        case let error as HTTPClientError where error == .cancelled || error == .alreadyShutdown:
            what = "was not called: the client is shutting down"
        case is CancellationError:
            what = "was not called: the send was cancelled"
        default:
            what = "could not be reached (\(error))"
        }
        return CarrierError(code: nil, message: "The carrier at \(host) \(what).",
                            retryable: true)
    }
}
