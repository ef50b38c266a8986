/// What happens on one date instead of the weekly schedule.
///
/// An exception replaces the weekly intervals that *start* on its date; the tail of the previous
/// day's interval that crosses midnight still applies (Thursday 22:00-02:00 keeps the practice open
/// until 02:00 on a closed Friday), and special intervals that cross midnight run into the next day.
///
/// `special([])` means the same as `closed` and compares equal to it.
///
/// Codable as the string `"closed"` or as an array of intervals (`["10:00-14:00"]`). Anything else
/// fails decoding with a `DecodingError` whose underlying error is the ``TextingError``
/// (`hours.invalid_exception`).
public enum HoursException: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Closed all day (a holiday).
    case closed
    /// Open only during these intervals (overlaps are merged when answering).
    case special([OpenInterval])

    /// The intervals that start on the exception's date (empty when closed).
    public var intervals: [OpenInterval] {
        switch self {
        case .closed: []
        case .special(let intervals): intervals
        }
    }

    public static func == (lhs: HoursException, rhs: HoursException) -> Bool {
        lhs.intervals == rhs.intervals
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(intervals)
    }

    /// `"closed"` or the intervals joined by `", "`.
    public var description: String {
        intervals.isEmpty ? "closed" : intervals.map(\.description).joined(separator: ", ")
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let word = try? container.decode(String.self) {
            guard HoursSyntax.trimmed(word).lowercased() == "closed" else {
                throw HoursSyntax.decodingError(Self.invalid("“\(word)”"), decoder)
            }
            self = .closed
        } else if let texts = try? container.decode([String].self) {
            var intervals: [OpenInterval] = []
            for (index, text) in texts.enumerated() {
                do {
                    intervals.append(try OpenInterval(parsing: text))
                } catch {
                    throw HoursSyntax.decodingError(
                        error, at: decoder.codingPath + [HoursCodingKey(intValue: index)])
                }
            }
            self = .special(intervals)
        } else {
            throw HoursSyntax.decodingError(Self.invalid("This value"), decoder)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .closed: try container.encode("closed")
        case .special(let intervals): try container.encode(intervals)
        }
    }

    private static func invalid(_ what: String) -> TextingError {
        TextingError(
            .init("hours.invalid_exception"),
            "\(what) is not an hours exception. Write \"closed\" for a day off, or a list of intervals "
                + "such as [\"10:00-14:00\"] for special hours.")
    }
}
