/// One file of the web inbox (`Web/inbox/`), compiled into the binary so the daemon serves the
/// page with nothing installed beside it and no outside asset (the practice may be offline from
/// the internet). `scripts/embed-web.sh` writes the list in `WebAssets+Embedded.swift`.
struct WebAsset: Sendable, Hashable {
    /// The file's name in `Web/inbox/`, e.g. `inbox.js`; served at `/assets/<name>`
    /// (`index.html` at `/` too).
    let name: String
    /// The file's text, byte for byte.
    let text: String
    /// A strong validator of the text: a quoted FNV-1a hash (64 bits, hex), the same for the
    /// same bytes in every build, so a browser's cached copy stays valid until the file changes.
    let etag: String

    init(name: String, text: String) {
        self.name = name
        self.text = text
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        etag = "\"" + String(repeating: "0", count: 16 - hex.count) + hex + "\""
    }

    /// The `Content-Type` its extension calls for.
    var contentType: String {
        switch name.split(separator: ".").last.map({ $0.lowercased() }) {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        case "json": "application/json; charset=utf-8"
        default: "application/octet-stream"
        }
    }

    /// The compiled-in file of that name, if any.
    static func named(_ name: String) -> WebAsset? {
        byName[name]
    }

    private static let byName: [String: WebAsset] = Dictionary(
        embedded.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
}
