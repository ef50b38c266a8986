import Foundation

extension ConversationHours {
    /// Instants (seconds since 1970) the schedule answers for: 1900-01-01 up to 9999-01-01.
    static let supportedSeconds: ClosedRange<Double> = -2_208_988_800 ... 253_370_764_800

    /// Whether conversations are open at `instant` (A3): some interval covers it.
    ///
    /// Cheap enough for every inbound text (about a microsecond): it reads only the intervals that
    /// start on the instant's local date and the previous date (whose crossing intervals reach into
    /// it), plus one date further on either side, which matters only where clocks fall back across
    /// midnight (St. John's until 2010). It never scans weeks.
    public func isOpen(at instant: Date) -> Bool {
        guard let t = Self.seconds(instant) else { return false }
        let day = localDay(atSeconds: Int(t.rounded(.down)))
        var built: HoursTimeline?
        for candidate in (day - 2)...(day + 1) {
            let dayIntervals = self.intervals(startingOnDay: candidate)
            guard !dayIntervals.isEmpty else { continue }
            let zone = built ?? self.timeline(forDays: (day - 2)...(day + 1))
            built = zone
            for interval in dayIntervals {
                if let span = zone.span(of: interval, onDay: candidate), Double(span.start) <= t, t < Double(span.end) {
                    return true
                }
            }
        }
        return false
    }

    /// When `instant` is in a closed period: the instant that period ends, i.e. the next opening.
    /// Nil when open at `instant`, or when the schedule does not open within ``horizonDays`` days.
    ///
    /// For A1/A2: two closed instants are in the same closed period exactly when they have the same
    /// `closedPeriodEnd`, and an override made while closed lasts until this instant.
    public func closedPeriodEnd(at instant: Date) -> Date? {
        guard let t = Self.seconds(instant) else { return nil }
        var answer: Date?
        forEachSpan(from: t) { start, end in
            if Double(start) <= t {
                if t < Double(end) { return false }  // open at `instant`: no closed period
                return true
            }
            answer = HoursTimeline.date(start)  // nothing covers t, and this is the first span after it
            return false
        }
        return answer
    }

    /// The first instant at or after `instant` at which the practice opens (closed just before it,
    /// open at it). Nil when that does not happen within ``horizonDays`` days (also when it is open
    /// around the clock). When closed at `instant` this equals ``closedPeriodEnd(at:)``.
    public func nextOpening(after instant: Date) -> Date? {
        guard let t = Self.seconds(instant) else { return nil }
        var answer: Date?
        var openUntil = Int.min
        forEachSpan(from: t) { start, end in
            if start > openUntil, Double(start) >= t {
                answer = HoursTimeline.date(start)
                return false
            }
            openUntil = max(openUntil, end)
            return true
        }
        return answer
    }

    /// `instant` in seconds since 1970 when the schedule answers for it.
    static func seconds(_ instant: Date) -> Double? {
        let t = instant.timeIntervalSince1970
        return supportedSeconds.contains(t) ? t : nil
    }

    /// `instant` in whole seconds, limited to ``supportedSeconds`` (NaN counts as 1970).
    static func wholeSeconds(clamping instant: Date) -> Int {
        let t = instant.timeIntervalSince1970
        guard !t.isNaN else { return 0 }
        return Int(min(max(t, supportedSeconds.lowerBound), supportedSeconds.upperBound).rounded(.down))
    }

    /// The local day number (days since 1970-01-01 on the practice's calendar) at an instant in whole seconds.
    func localDay(atSeconds whole: Int) -> Int {
        HoursTimeline.floorDivide(whole + timeZone.secondsFromGMT(for: HoursTimeline.date(whole)),
                                  by: HoursTimeline.secondsPerDay)
    }

    /// The intervals starting on local day `day` (days since 1970-01-01).
    private func intervals(startingOnDay day: Int) -> [OpenInterval] {
        intervals(startingOn: LocalDate(dayNumber: day))
    }

    /// A timeline covering every instant the intervals starting on `days` can touch.
    private func timeline(forDays days: ClosedRange<Int>) -> HoursTimeline {
        // Intervals of day d read the wall from d 00:00 to d+2 00:00; conversions look a day either way.
        HoursTimeline(timeZone: timeZone,
                      from: (days.lowerBound - 2) * HoursTimeline.secondsPerDay,
                      through: (days.upperBound + 4) * HoursTimeline.secondsPerDay)
    }

    /// Calls `body` with the real-time spans of all intervals starting from a few days before `t`'s
    /// local date through ``horizonDays`` days after it, in order of their starts, until it returns false.
    ///
    /// The spans come sorted by start because `firstInstant(showing:)` never decreases as the reading grows.
    private func forEachSpan(from t: Double, _ body: (_ start: Int, _ end: Int) -> Bool) {
        guard hasIntervals else { return }
        let day = localDay(atSeconds: Int(t.rounded(.down)))
        // Three days back covers intervals reaching `t` even where clocks fall back across midnight.
        let days = (day - 3)...(day + Self.horizonDays)
        let zone = timeline(forDays: days)
        for candidate in days {
            let dayIntervals = self.intervals(startingOnDay: candidate).sorted { $0.start < $1.start }
            for interval in dayIntervals {
                guard let span = zone.span(of: interval, onDay: candidate) else { continue }
                if !body(span.start, span.end) { return }
            }
        }
    }

    /// Whether any weekday or exception has an interval at all.
    private var hasIntervals: Bool {
        weekly.values.contains { !$0.isEmpty } || exceptions.values.contains { !$0.intervals.isEmpty }
    }
}
