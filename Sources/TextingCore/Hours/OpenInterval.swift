/// A span of wall-clock time during which conversations are open, starting on a given day.
///
/// - `start < end`: open from `start` to `end` on that day (`end` may be 24:00, the end of the day).
/// - `end < start`: the interval crosses midnight and ends at `end` on the *next* day
///   (`22:00-02:00` on Monday is open Monday 22:00 through Tuesday 02:00). It belongs to the day it
///   starts on, so a dated exception for Tuesday does not remove its Tuesday-morning tail.
/// - `start == end` is invalid (write `00:00-24:00` for a whole day), and `start` may not be 24:00.
///
/// The start is inclusive and the end exclusive. Times are read on the practice's wall clock; see
/// ``ConversationHours`` for daylight-saving days.
///
/// Codable as the string `"HH:MM-HH:MM"` (e.g. `"22:00-02:00"`). A bad value fails decoding with a
/// `DecodingError` whose underlying error is the ``TextingError`` (`hours.invalid_interval` or
/// `hours.invalid_time`).
public struct OpenInterval: Hashable, Sendable, Codable, CustomStringConvertible {
    public let start: LocalTime
    public let end: LocalTime

    /// 00:00-24:00, the whole day.
    public static let allDay = OpenInterval(uncheckedStart: .midnight, end: .endOfDay)

    /// Throws `hours.invalid_interval` when `start == end` or `start` is 24:00.
    public init(start: LocalTime, end: LocalTime) throws(TextingError) {
        guard start != .endOfDay else {
            throw TextingError(
                .init("hours.invalid_interval"),
                "An interval cannot start at 24:00 (\(start)-\(end)). Start it at 00:00 of the next day instead.")
        }
        guard start != end else {
            throw TextingError(
                .init("hours.invalid_interval"),
                "An interval cannot start and end at the same time (\(start)-\(end)). Write 00:00-24:00 for a "
                    + "whole day, or give the day no intervals to keep it closed.")
        }
        self.init(uncheckedStart: start, end: end)
    }

    /// Parses `"HH:MM-HH:MM"`; the separator may also be an en dash (`–`) and may have spaces around it.
    /// Throws `hours.invalid_interval` for a malformed or empty interval, `hours.invalid_time` for a
    /// bad time inside it.
    public init(parsing text: String) throws(TextingError) {
        let parts = HoursSyntax.trimmed(text).split(omittingEmptySubsequences: false) { $0 == "-" || $0 == "–" }
        guard parts.count == 2 else {
            throw TextingError(
                .init("hours.invalid_interval"),
                "“\(text)” is not an opening interval. Write it as HH:MM-HH:MM, e.g. 08:00-18:00, or "
                    + "22:00-02:00 for one that runs past midnight.")
        }
        try self.init(start: LocalTime(parsing: String(parts[0])), end: LocalTime(parsing: String(parts[1])))
    }

    init(uncheckedStart start: LocalTime, end: LocalTime) {
        self.start = start
        self.end = end
    }

    /// True when the interval ends on the next day (`end < start`, e.g. 22:00-02:00).
    public var crossesMidnight: Bool { end < start }

    /// Length on the wall clock in minutes (1...1440); real time differs on daylight-saving days.
    public var wallClockMinutes: Int {
        crossesMidnight
            ? LocalTime.minutesPerDay - start.minuteOfDay + end.minuteOfDay
            : end.minuteOfDay - start.minuteOfDay
    }

    /// `"HH:MM-HH:MM"`.
    public var description: String { "\(start)-\(end)" }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try OpenInterval(parsing: text) } catch { throw HoursSyntax.decodingError(error, decoder) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
