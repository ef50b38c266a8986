import Control
import TextingCore

/// A result `twowayctl` prints for people that shows instants: they are read in the zone of the
/// practice the result concerns (``PracticeTimeFormat``), never in the machine's.
protocol TimedHumanReadable: Encodable {
    /// The practice whose zone the times are shown in, when the result names it; nil: the
    /// practice of the command (its `--practice`, or the daemon's only one).
    var practiceOfTimes: Int64? { get }

    /// The text printed without `--json`, ending without a line break, with every time written
    /// by `time`.
    func humanReadable(_ time: PracticeTimeFormat) -> String
}
