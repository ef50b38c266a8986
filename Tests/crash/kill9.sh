#!/usr/bin/env bash
# Crash test: kill -9 twowayd under webhook load at random moments, restart it, and check after
# every crash that each MessageSid answered 2xx is stored exactly once, that no outbox row was
# lost or left a final state, and that PRAGMA integrity_check is ok; then start it once more and
# require the outbox to drain and every message that start sends to reach a final delivery state.
#
#   Tests/crash/kill9.sh [--quick] [any twowayd-crash option, e.g. --cycles N --seed S]
#
# Default: the release daemon and a release twowayd-crash (built when needed), 50 cycles (about
# 1-2 minutes; cycles stop starting after 5 minutes, then it fails).
# --quick (what `make test` runs): 3 cycles against the debug daemon of `swift build` (built when
# missing), with a debug twowayd-crash, killed after 200-800 ms; bounded to 2 minutes.
# Ends with `N passed, M failed` (one per cycle, plus the final start). Loopback only.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
quick=false
if [[ ${1:-} == --quick ]]; then
    quick=true
    shift
fi
build_log="$(mktemp)"
trap 'rm -f "$build_log"' EXIT
if $quick; then
    bin="$(swift build --show-bin-path)"
    if [[ ! -x $bin/twowayd ]]; then
        swift build --product twowayd >"$build_log" 2>&1 || { cat "$build_log"; exit 1; }
    fi
    (cd Benchmarks && swift build --product twowayd-crash) >"$build_log" 2>&1 || { cat "$build_log"; exit 1; }
    tool="$(cd Benchmarks && swift build --show-bin-path)/twowayd-crash"
    timeout --signal=TERM --kill-after=10 120 \
        "$tool" --daemon "$bin/twowayd" --cycles 3 --time-limit 60 --minimum-delay 200 --maximum-delay 800 \
        --drain-timeout 45 --work-directory /tmp/twowayd-crash-quick "$@"
    exit
fi
swift build -c release --product twowayd >"$build_log" 2>&1 || { cat "$build_log"; exit 1; }
(cd Benchmarks && swift build -c release --product twowayd-crash) >"$build_log" 2>&1 || { cat "$build_log"; exit 1; }
# The tool stops starting cycles after --time-limit (300 s), then drains (at most 60 s); `timeout`
# is the outer bound.
timeout --signal=TERM --kill-after=10 420 \
  Benchmarks/.build/release/twowayd-crash --daemon "$repo/.build/release/twowayd" --cycles 50 --time-limit 300 "$@"
