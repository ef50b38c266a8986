/// One string literal of a Swift source file: where it starts and its text, with each
/// interpolation `\(…)` replaced by `…` (the code inside is scanned as code, so literals nested in
/// an interpolation are reported on their own).
struct SwiftStringLiteral: Equatable, CustomStringConvertible {
    /// The 1-based line of the opening quote.
    let line: Int
    let text: String

    var description: String { "line \(line): \"\(text)\"" }
}

/// A small Swift lexer that finds the string literals of a source file and skips everything else:
/// line comments, nested block comments, doc comments, and code. It knows plain (`"…"`),
/// multi-line (`"""…"""`) and raw (`#"…"#`, `##"""…"""##`) literals, escapes and interpolation
/// (`\(…)`, `\#(…)` in raw literals). Regex literals are not handled (the sources use none); an
/// unterminated literal or comment ends at the end of the file.
struct SwiftStringLiterals {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var found: [SwiftStringLiteral] = []

    /// Every string literal of `source`, in order of their closing quotes.
    static func scan(_ source: String) -> [SwiftStringLiteral] {
        var lexer = SwiftStringLiterals(bytes: Array(source.utf8))
        lexer.code(untilClosingParenthesis: false)
        return lexer.found
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func peek(_ offset: Int = 0) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    private func starts(with text: String, at offset: Int = 0) -> Bool {
        var position = index + offset
        for byte in text.utf8 {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
        }
        return true
    }

    private mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") { line += 1 }
            index += 1
        }
    }

    /// Code up to the end of the file, or up to the `)` that closes an interpolation.
    private mutating func code(untilClosingParenthesis: Bool) {
        var depth = 0
        while let byte = peek() {
            if starts(with: "//") {
                while let next = peek(), next != UInt8(ascii: "\n") { advance() }
            } else if starts(with: "/*") {
                blockComment()
            } else if byte == UInt8(ascii: "#") || byte == UInt8(ascii: "\"") {
                var hashes = 0
                while peek(hashes) == UInt8(ascii: "#") { hashes += 1 }
                if peek(hashes) == UInt8(ascii: "\"") {
                    advance(hashes)
                    string(hashes: hashes)
                } else {
                    advance(max(hashes, 1))
                }
            } else if byte == UInt8(ascii: "(") {
                depth += 1
                advance()
            } else if byte == UInt8(ascii: ")") {
                advance()
                if depth == 0 && untilClosingParenthesis { return }
                depth = max(depth - 1, 0)
            } else {
                advance()
            }
        }
    }

    /// A block comment, which may nest.
    private mutating func blockComment() {
        var depth = 0
        while peek() != nil {
            if starts(with: "/*") {
                depth += 1
                advance(2)
            } else if starts(with: "*/") {
                depth -= 1
                advance(2)
                if depth == 0 { return }
            } else {
                advance()
            }
        }
    }

    /// A literal whose opening `hashes` are consumed and whose opening quote is next.
    private mutating func string(hashes: Int) {
        let startLine = line
        let multiline = starts(with: "\"\"\"")
        advance(multiline ? 3 : 1)
        let close = (multiline ? "\"\"\"" : "\"") + String(repeating: "#", count: hashes)
        let escape = "\\" + String(repeating: "#", count: hashes)
        var text: [UInt8] = []
        while let byte = peek() {
            if starts(with: close) {
                advance(close.utf8.count)
                break
            }
            if !multiline && byte == UInt8(ascii: "\n") { break }  // unterminated: stop at the line end
            if starts(with: escape) {
                advance(escape.utf8.count)
                if peek() == UInt8(ascii: "(") {
                    advance()
                    code(untilClosingParenthesis: true)
                    text += Array("…".utf8)
                } else if let escaped = peek() {
                    text.append(escaped == UInt8(ascii: "n") ? UInt8(ascii: "\n") : escaped)
                    advance()
                }
                continue
            }
            text.append(byte)
            advance()
        }
        found.append(SwiftStringLiteral(line: startLine, text: String(decoding: text, as: UTF8.self)))
    }
}
