import BenchKit
import Testing

/// Issue 11: `twowayd-bench` exited 0 even when a figure missed its target.
struct FigureTests {
    @Test("issue 11: a run with a FAIL figure exits 1; PASS and info figures alone exit 0")
    func exitStatusFollowsTheVerdicts() {
        let pass = Figure("throughput", measured: "5000/s", target: ">= 1000/s", pass: true)
        let fail = Figure("p99", measured: "40 ms", target: "<= 25 ms", pass: false)
        let info = Figure("cpu", measured: "80 %", target: "-", pass: nil)
        #expect(Figure.exitStatus([pass, info]) == 0)
        #expect(Figure.exitStatus([]) == 0)
        #expect(Figure.exitStatus([pass, fail, info]) == 1)
        #expect(Figure.exitStatus([fail]) == 1)
        #expect(fail.line == "p99: 40 ms / <= 25 ms  [FAIL]")
    }
}
