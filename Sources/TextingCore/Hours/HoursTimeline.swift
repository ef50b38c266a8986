import Foundation

/// A time zone's UTC offset over a span of instants, and the conversions between wall-clock
/// readings and instants that the hours rules need.
///
/// Instants are whole seconds since 1970-01-01T00:00:00Z. A *wall reading* is the local date and
/// time written as seconds since 1970-01-01T00:00 on the local clock (`day number × 86 400 + seconds
/// of the day`); it labels a reading, it is not a duration, so nothing here assumes a day lasts 24 h.
/// At instant `t` the wall shows `t + offset(t)`; the offset is a step function taken from the
/// zone's own transition table (`TimeZone.nextDaylightSavingTimeTransition(after:)`, which reports
/// every offset change, DST or not), never a fixed offset.
///
/// `Calendar.date(bySettingHour:minute:second:of:matchingPolicy:repeatedTimePolicy:direction:)`
/// would do the same conversion, but its `.last` policy is wrong for 30-minute shifts
/// (Australia/Lord_Howe) and it costs ~10 µs per call; the property tests compare this type
/// against it in the North American zones.
struct HoursTimeline {
    /// Start instants of the pieces, ascending; `offsets[i]` applies from `starts[i]` until `starts[i + 1]`.
    private var starts: [Int]
    private var offsets: [Int]

    static let secondsPerDay = 86_400
    /// Any wall reading occurs within one day of the same number read as an instant (offsets are
    /// within ±18 h), so conversions look at instants `reading ± searchRadius`.
    private static let searchRadius = 86_400

    /// Offsets of `timeZone` valid for instants from `lower` through `upper`.
    init(timeZone: TimeZone, from lower: Int, through upper: Int) {
        var starts = [lower]
        var offsets = [timeZone.secondsFromGMT(for: Self.date(lower))]
        var cursor = Self.date(lower)
        var lastStart = lower
        var lastOffset = offsets[0]
        // The bound only protects against a zone table that never advances; real zones change
        // offset a few times a year.
        for _ in 0..<10_000 {
            guard let next = timeZone.nextDaylightSavingTimeTransition(after: cursor), next > cursor,
                  next.timeIntervalSince1970 <= Double(upper)
            else { break }
            cursor = next
            let start = Int(next.timeIntervalSince1970.rounded())
            let offset = timeZone.secondsFromGMT(for: next)
            if start > lastStart, offset != lastOffset {
                starts.append(start)
                offsets.append(offset)
                lastStart = start
                lastOffset = offset
            }
        }
        self.starts = starts
        self.offsets = offsets
    }

    /// Where an interval starting at `reading` begins: the earliest instant at which the wall clock
    /// shows `reading` or later, i.e. the first occurrence of a repeated reading, or the moment the
    /// clocks jump over a skipped one.
    func firstInstant(showing reading: Int) -> Int {
        var index = piece(containing: reading - Self.searchRadius)
        var pieceStart = reading - Self.searchRadius
        while true {
            let offset = offsets[index]
            if pieceStart + offset >= reading { return pieceStart }  // the clocks jumped over `reading`
            let candidate = reading - offset
            if index + 1 == starts.count || candidate < starts[index + 1] { return candidate }
            index += 1
            pieceStart = starts[index]
        }
    }

    /// Where an interval ending at `reading` ends: the latest instant up to which the wall clock
    /// still shows `reading` or less, i.e. the last occurrence of a repeated reading (01:00 on the
    /// fall-back day in New York is its second occurrence, 01:00 EST), or the moment the clocks
    /// jump over a skipped one.
    func lastInstant(showing reading: Int) -> Int {
        let lower = reading - Self.searchRadius
        let upper = reading + Self.searchRadius
        var best = lower
        var index = piece(containing: lower)
        var pieceStart = lower
        while pieceStart < upper {
            let pieceEnd = index + 1 < starts.count ? min(starts[index + 1], upper) : upper
            let candidate = reading - offsets[index]
            // Within this piece the wall shows `reading` or less up to `candidate`.
            if candidate >= pieceStart { best = max(best, min(candidate, pieceEnd)) }
            guard index + 1 < starts.count else { break }
            index += 1
            pieceStart = starts[index]
        }
        return best
    }

    /// The real-time span `[start, end)` of `interval` starting on local day `day`, or nil when the
    /// clocks skip all of it.
    func span(of interval: OpenInterval, onDay day: Int) -> (start: Int, end: Int)? {
        let startReading = day * Self.secondsPerDay + interval.start.minuteOfDay * 60
        let endDay = interval.crossesMidnight ? day + 1 : day
        let endReading = endDay * Self.secondsPerDay + interval.end.minuteOfDay * 60
        let start = firstInstant(showing: startReading)
        let end = lastInstant(showing: endReading)
        return end > start ? (start, end) : nil
    }

    static func floorDivide(_ value: Int, by divisor: Int) -> Int {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    static func date(_ seconds: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    private func piece(containing t: Int) -> Int {
        // Binary search for the last piece starting at or before t (piece 0 for earlier instants).
        var low = 0
        var high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= t { low = middle } else { high = middle - 1 }
        }
        return low
    }
}
