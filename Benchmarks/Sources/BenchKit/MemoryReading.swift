import LoadKit

/// A process's memory from `/proc/PID/status`, in KiB.
public struct MemoryReading: Sendable {
    /// Resident set size now (`VmRSS`).
    public let residentKiB: Int
    /// Largest resident set size so far (`VmHWM`).
    public let peakResidentKiB: Int
    /// Resident anonymous memory (`RssAnon`): the heap, what sessions cost.
    public let anonymousKiB: Int

    /// Reads process `pid`; nil when it is gone.
    public static func of(pid: Int32) -> MemoryReading? {
        guard let text = ProcFile.read("/proc/\(pid)/status") else { return nil }
        var values: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(whereSeparator: { $0 == ":" || $0 == " " || $0 == "\t" })
            if parts.count >= 2, let value = Int(parts[1]) { values[String(parts[0])] = value }
        }
        guard let rss = values["VmRSS"] else { return nil }
        return MemoryReading(residentKiB: rss, peakResidentKiB: values["VmHWM"] ?? rss, anonymousKiB: values["RssAnon"] ?? rss)
    }

    /// `123.4 MiB`.
    public static func mebibytes(_ kib: Int) -> String {
        let tenths = (kib * 10 + 512) / 1_024
        return "\(tenths / 10).\(tenths % 10) MiB"
    }
}
