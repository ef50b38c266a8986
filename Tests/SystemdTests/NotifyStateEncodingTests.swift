import Testing
import Systemd

@Suite struct NotifyStateEncodingTests {
    @Test func readyAndStatusAreNewlineSeparatedInOrder() {
        let text = SystemdNotifier.encode([.ready, .status("ready: 2 practices")], monotonicMicroseconds: 7)
        #expect(text == "READY=1\nSTATUS=ready: 2 practices")
    }

    @Test func reloadingCarriesMonotonicTimestamp() {
        let text = SystemdNotifier.encode([.reloading, .status("reloading")], monotonicMicroseconds: 123_456)
        #expect(text == "RELOADING=1\nMONOTONIC_USEC=123456\nSTATUS=reloading")
    }

    @Test func everyStateHasItsKey() {
        let text = SystemdNotifier.encode(
            [.stopping, .watchdog, .mainPID(4242), .extendTimeout(microseconds: 1_800_000_000)], monotonicMicroseconds: 0)
        #expect(text == "STOPPING=1\nWATCHDOG=1\nMAINPID=4242\nEXTEND_TIMEOUT_USEC=1800000000")
    }

    @Test func statusNewlinesBecomeSpaces() {
        let text = SystemdNotifier.encode([.status("line one\nline two\r\nthree")], monotonicMicroseconds: 0)
        #expect(text == "STATUS=line one line two three")
        #expect(!text.contains("\n"))
    }

    @Test func emptyListEncodesToEmptyText() {
        #expect(SystemdNotifier.encode([], monotonicMicroseconds: 1).isEmpty)
    }

    @Test func monotonicClockAdvances() {
        let first = SystemdNotifier.monotonicMicroseconds()
        let second = SystemdNotifier.monotonicMicroseconds()
        #expect(first > 0)
        #expect(second >= first)
    }
}
