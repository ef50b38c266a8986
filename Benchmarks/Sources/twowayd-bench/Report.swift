import BenchKit

/// Prints figures, and their summary at the end of a run.
enum Report {
    static func print(_ figures: [Figure]) {
        for figure in figures { Swift.print(figure.line) }
    }

    static func step(_ text: String) {
        Swift.print("· \(text)")
    }
}
