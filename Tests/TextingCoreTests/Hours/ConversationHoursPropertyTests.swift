import Foundation
import PropertyBased
import Testing
@testable import TextingCore

@Suite("A3 conversation hours: properties over random schedules")
struct ConversationHoursPropertyTests {
    static let zones = [
        "America/New_York", "America/Vancouver", "America/Chicago", "America/Denver", "America/Phoenix",
        "America/Halifax", "America/St_Johns",
    ]
    /// Dates whose exceptions the generator may set: both clock changes of 2026 and the days around them.
    static let exceptionDates = ["2026-03-07", "2026-03-08", "2026-03-09", "2026-10-31", "2026-11-01", "2026-11-02"]
    /// 2026-01-01T00:00:00Z and 2027-01-01T00:00:00Z.
    static let year2026 = 1_767_225_600...1_798_761_600
    /// Instants within a day and a half of the clock changes (2026-03-08 and 2026-11-01, ~02:00 local).
    static let springWindow = 1_772_884_800...1_773_014_400
    static let fallWindow = 1_793_448_000...1_793_577_600
    /// The nights of the clock changes in all seven zones (22:00Z the evening before to 16:00Z).
    static let springNight = 1_772_920_800...1_772_985_600
    static let fallNight = 1_793_484_000...1_793_548_800

    /// Intervals from flat slot numbers, taken in pairs (start, end); empty pairs are dropped.
    /// Slots 0...96 are quarter hours (96 is 24:00); 97...140 map to 01:00...03:00, where the clocks change.
    static func intervals(_ slots: [Int]) -> [OpenInterval] {
        let quarters = slots.map { $0 > 96 ? 4 + ($0 - 97) % 9 : $0 }
        return stride(from: 0, to: quarters.count - 1, by: 2).compactMap { index in
            let start = LocalTime(uncheckedMinuteOfDay: quarters[index] % 96 * 15)
            let end = LocalTime(uncheckedMinuteOfDay: quarters[index + 1] * 15)
            return try? OpenInterval(start: start, end: end)
        }
    }

    /// A random schedule in a random zone, as the generators below describe it.
    static func schedule(zone: Int, weekly: [[Int]], exceptionKinds: [Int], exceptionSlots: [[Int]])
        throws -> ConversationHours {
        var days: [Weekday: [OpenInterval]] = [:]
        for (day, slots) in zip(Weekday.allCases, weekly) { days[day] = intervals(slots) }
        var exceptions: [LocalDate: HoursException] = [:]
        for (index, date) in exceptionDates.enumerated() {
            switch exceptionKinds[index] {
            case 1: exceptions[try LocalDate(parsing: date)] = .closed
            case 2: exceptions[try LocalDate(parsing: date)] = .special(intervals(exceptionSlots[index]))
            default: break
            }
        }
        return ConversationHours(timeZone: try HoursFixtures.zone(zones[zone]), weekly: days, exceptions: exceptions)
    }

    /// A random instant: anywhere in 2026 or near a clock change, to the second, on a quarter hour, or
    /// one second before a quarter hour (where interval edges are).
    static func instant(window: Int, seconds: Int, snap: Int) -> Date {
        let range = [springNight, fallNight, springWindow, fallWindow, year2026, year2026][window]
        var t = range.lowerBound + seconds % (range.upperBound - range.lowerBound)
        if snap > 0 { t -= t % 900 + (snap == 2 ? 1 : 0) }
        return Date(timeIntervalSince1970: TimeInterval(t))
    }

    static let zoneGen = Gen.int(in: 0...6)
    static let weeklyGen = Gen.int(in: 0...140).array(of: 0...6).array(of: 7)
    static let kindGen = Gen.int(in: 0...3).array(of: 6)
    static let exceptionSlotGen = Gen.int(in: 0...140).array(of: 0...4).array(of: 6)
    static let windowGen = Gen.int(in: 0...5)
    static let secondsGen = Gen.int(in: 0...100_000_000)
    static let snapGen = Gen.int(in: 0...2)

    @Test("A3 isOpen agrees with a slow Calendar-based model for random schedules, zones and instants")
    func isOpenMatchesReference() async {
        await propertyCheck(count: 500, input: Self.zoneGen, Self.weeklyGen, Self.kindGen, Self.exceptionSlotGen,
                            Self.windowGen, Self.secondsGen, Self.snapGen) {
            zone, weekly, kinds, exceptionSlots, window, seconds, snap in
            guard let hours = try? Self.schedule(zone: zone, weekly: weekly, exceptionKinds: kinds,
                                                 exceptionSlots: exceptionSlots)
            else { Issue.record("schedule could not be built"); return }
            let instant = Self.instant(window: window, seconds: seconds, snap: snap)
            #expect(hours.isOpen(at: instant) == HoursReferenceModel(hours).isOpen(at: instant),
                    "\(hours.timeZone.identifier) at \(instant)")
        }
    }

    @Test("A3 around both 2026 clock changes isOpen agrees with the model at every quarter hour and a second before")
    func isOpenMatchesReferenceThroughClockChanges() async {
        await propertyCheck(count: 60, input: Self.zoneGen, Self.weeklyGen, Self.kindGen, Self.exceptionSlotGen) {
            zone, weekly, kinds, exceptionSlots in
            guard let hours = try? Self.schedule(zone: zone, weekly: weekly, exceptionKinds: kinds,
                                                 exceptionSlots: exceptionSlots),
                  let spring = try? HoursFixtures.utc("2026-03-06T12:00:00Z"),
                  let fall = try? HoursFixtures.utc("2026-10-30T12:00:00Z")
            else { Issue.record("schedule could not be built"); return }
            let reference = HoursReferenceModel(hours)
            for (noon, night) in [(spring, Self.springNight), (fall, Self.fallNight)] {
                let spans = reference.spans(fromLocalNoonOf: noon, days: -1...4)
                for quarter in stride(from: night.lowerBound, through: night.upperBound, by: 900) {
                    for t in [quarter - 1, quarter] {
                        let instant = Date(timeIntervalSince1970: TimeInterval(t))
                        #expect(hours.isOpen(at: instant) == spans.contains { $0.contains(instant) },
                                "\(hours.timeZone.identifier) at \(instant)")
                    }
                }
            }
        }
    }

    @Test("A1 A3 when closed, closedPeriodEnd is later, closed until just before it and open at it")
    func closedPeriodEndIsTheNextOpening() async {
        await propertyCheck(count: 300, input: Self.zoneGen, Self.weeklyGen, Self.kindGen, Self.exceptionSlotGen,
                            Self.windowGen, Self.secondsGen, Self.snapGen) {
            zone, weekly, kinds, exceptionSlots, window, seconds, snap in
            guard let hours = try? Self.schedule(zone: zone, weekly: weekly, exceptionKinds: kinds,
                                                 exceptionSlots: exceptionSlots)
            else { Issue.record("schedule could not be built"); return }
            let t = Self.instant(window: window, seconds: seconds, snap: snap)
            let reference = HoursReferenceModel(hours)
            guard !hours.isOpen(at: t) else {
                #expect(hours.closedPeriodEnd(at: t) == nil)
                return
            }
            let hasIntervals = weekly.contains { !Self.intervals($0).isEmpty }
            guard let end = hours.closedPeriodEnd(at: t) else {
                #expect(!hasIntervals, "a weekly interval always recurs within 400 days")
                return
            }
            #expect(end > t)
            #expect(!hours.isOpen(at: end.addingTimeInterval(-0.001)))
            #expect(hours.isOpen(at: end))
            #expect(!reference.isOpen(at: end.addingTimeInterval(-0.001)))
            #expect(reference.isOpen(at: end))
            // Nothing opens in between.
            for step in 1...7 {
                let between = t.addingTimeInterval(end.timeIntervalSince(t) * Double(step) / 8)
                #expect(!reference.isOpen(at: between), "open at \(between) before \(end)")
            }
            #expect(hours.nextOpening(after: t) == end)
        }
    }

    @Test("A2 A3 nextOpening is at or after the instant, closed just before it and open at it")
    func nextOpeningIsAnOpening() async {
        await propertyCheck(count: 200, input: Self.zoneGen, Self.weeklyGen, Self.windowGen, Self.secondsGen,
                            Self.snapGen) { zone, weekly, window, seconds, snap in
            guard let hours = try? Self.schedule(zone: zone, weekly: weekly, exceptionKinds: [0, 0, 0, 0, 0, 0],
                                                 exceptionSlots: [])
            else { Issue.record("schedule could not be built"); return }
            let t = Self.instant(window: window, seconds: seconds, snap: snap)
            guard let opening = hours.nextOpening(after: t) else { return }
            #expect(opening >= t)
            #expect(hours.isOpen(at: opening))
            #expect(!hours.isOpen(at: opening.addingTimeInterval(-0.001)))
        }
    }
}
