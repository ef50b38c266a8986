#!/usr/bin/env bash
# Crash test: kill -9 twowayd under webhook load at random moments, restart it, and check after
# every crash that each MessageSid answered 2xx is stored exactly once, that no outbox row was
# lost or left a final state, and that PRAGMA integrity_check is ok.
#
#   Tests/crash/kill9.sh [--cycles N] [--seed S] [any other twowayd-crash option]
#
# Builds the release daemon and Benchmarks/'s twowayd-crash when needed, runs 50 cycles by
# default (about 1-2 minutes; at most 5 minutes, then it fails) and ends with
# `N passed, M failed` (one per cycle, plus the final clean restart). Loopback only.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
build_log="$(mktemp)"
trap 'rm -f "$build_log"' EXIT
swift build -c release --product twowayd >"$build_log" 2>&1 || { cat "$build_log"; exit 1; }
(cd Benchmarks && swift build -c release --product twowayd-crash) >"$build_log" 2>&1 || { cat "$build_log"; exit 1; }
# The tool stops starting cycles after --time-limit (300 s); `timeout` is the outer bound.
timeout --signal=TERM --kill-after=10 360 \
  Benchmarks/.build/release/twowayd-crash --daemon "$repo/.build/release/twowayd" --cycles 50 --time-limit 300 "$@"
