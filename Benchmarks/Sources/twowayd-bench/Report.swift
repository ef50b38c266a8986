import ArgumentParser
import BenchKit

/// Prints figures, and their summary and exit status at the end of a run.
enum Report {
    static func print(_ figures: [Figure]) {
        for figure in figures { Swift.print(figure.line) }
    }

    /// Ends a run whose figures were all printed: exit status 1 when any is FAIL, so a script
    /// or CI job sees a missed target (``Figure/exitStatus(_:)``).
    static func finish(_ figures: [Figure]) throws {
        let status = Figure.exitStatus(figures)
        guard status == 0 else { throw ExitCode(status) }
    }

    static func step(_ text: String) {
        Swift.print("· \(text)")
    }
}
