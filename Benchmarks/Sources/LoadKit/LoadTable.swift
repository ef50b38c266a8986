/// Fixed-width text tables of load results.
public enum LoadTable {
    static let widths = [18, 12, 6, 10, 9, 9, 9, 9, 0]

    /// The header row matching ``LoadSummary/row``.
    public static var header: String {
        row(["route", "loop", "conns", "req/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "problems"])
    }

    static func row(_ cells: [String]) -> String {
        zip(cells, widths).map { cell, width in
            width == 0 ? cell : cell + String(repeating: " ", count: max(1, width - cell.count))
        }.joined()
    }

    static func rate(_ value: Double) -> String { String(Int(value.rounded())) }

    /// Milliseconds with 2 decimals.
    public static func ms(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
