import LoadKit
import NIOHTTP1

/// `GET` requests of the staff API as a signed-in account: request `index` asks for
/// `paths[index % paths.count]` with the session cookie.
struct StaffAPIRequests: RequestFactory {
    let label: String
    private let heads: [HTTPRequestHead]

    init(label: String, port: Int, cookie: String, paths: [String]) {
        self.label = label
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: "127.0.0.1:\(port)")
        headers.add(name: "User-Agent", value: "twowayd-bench")
        headers.add(name: "Accept", value: "application/json")
        headers.add(name: "Cookie", value: "twowayd_session=\(cookie)")
        heads = paths.map { HTTPRequestHead(version: .http1_1, method: .GET, uri: $0, headers: headers) }
    }

    func request(index: Int, shard: Int) -> LoadRequest {
        LoadRequest(head: heads[index % heads.count], body: nil)
    }
}
