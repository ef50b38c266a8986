#!/usr/bin/env bash
# Fuzzes the daemon's parsers with libFuzzer (swiftc -sanitize=fuzzer):
#   form     Sources/Daemon/Webhooks/FormParameters.swift (webhook bodies)
#   phone    PhoneNumber(parsing:) and PhoneNumber(e164:) (Sources/TextingCore/Phone/)
#   control  Sources/Daemon/Control/ControlFrameDecoder.swift + Control request decoding
#   config   Sources/Daemon/Configuration/ (JSON parser, key checks, TWOWAYD_* overrides)
#   csv      Sources/Daemon/Control/DirectoryCSV.swift (the PMS directory import)
#   routes   Sources/Daemon/Webhooks/ end to end: form body and headers through
#            WebhookRoutes.handle, the router and a SQLite store (what a 200 stored)
#   http     Sources/Daemon/HTTP/: request framing through NIO's HTTP/1.1 decoder and the
#            connection guard (no byte sequence keeps a connection open past its deadlines)
#
#   Tests/fuzz/run.sh                    bounded run (part of `make test`): 8 s per target
#   FUZZ_SECONDS=600 Tests/fuzz/run.sh   longer run: 600 s per target (--seconds N likewise)
#   Tests/fuzz/run.sh --target phone     one target only
#   Tests/fuzz/run.sh --build-only       builds the harness and stops (make test starts it early,
#                                        at low priority, beside tests that mostly wait)
#
# Needs only the Swift toolchain (libFuzzer ships with it as libclang_rt.fuzzer), libsystemd-dev
# and the network or SwiftPM's cache for the daemon's own dependencies. The corpus grows in
# Tests/fuzz/.corpus/<target> (not committed; seeds/ is). A broken property or a trap is a
# crash: libFuzzer keeps its input as Tests/fuzz/artifacts/<target>/crash-<sha1>, which is
# printed with the command that replays it, and the target counts as failed. Ends with
# `N passed, M failed`; exits non-zero when any target failed or the harness did not build.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
seconds="${FUZZ_SECONDS:-8}"
targets=(form phone control config csv routes http)
build_only=false
while [ $# -gt 0 ]; do
  case "$1" in
    --build-only) build_only=true; shift ;;
    --seconds) seconds="$2"; shift 2 ;;
    --target) targets=("$2"); shift 2 ;;
    *) echo "usage: $0 [--seconds N] [--target form|phone|control|config|csv|routes|http] [--build-only]" >&2; exit 2 ;;
  esac
done
cd "$here"
mkdir -p "$here/.corpus"
if ! "${SWIFT:-swift}" build -c release --product twowayd-fuzz >"$here/.corpus/build.log" 2>&1; then
  echo "fuzz: the harness did not build; last lines of $here/.corpus/build.log:"
  tail -20 "$here/.corpus/build.log" | sed 's/^/  /'
  exit 2
fi
$build_only && { echo "fuzz: the harness is built"; exit 0; }
binary="$here/.build/release/twowayd-fuzz"
passed=0
failed=0
for target in "${targets[@]}"; do
  corpus="$here/.corpus/$target"
  artifacts="$here/artifacts/$target/"
  mkdir -p "$corpus" "$artifacts"
  log="$here/.corpus/$target.log"
  status=0
  # -max_total_time bounds the run; `timeout` bounds it again should libFuzzer hang. Swift's
  # backtracer is off: it would take the trap of a failed check (SIGILL) before libFuzzer, which
  # then keeps no input; libFuzzer installs its own handler only where none is installed yet.
  SWIFT_BACKTRACE=enable=no TWOWAYD_FUZZ_TARGET="$target" timeout --kill-after=10 $((seconds + 30)) "$binary" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 \
    -artifact_prefix="$artifacts" "$corpus" "$here/seeds/$target" >"$log" 2>&1 || status=$?
  runs=$(grep -Eo '^stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo "?")
  coverage=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1 || echo "cov: ?")
  if [ "$status" -eq 0 ]; then
    passed=$((passed + 1))
    echo "fuzz $target: ok, $runs inputs in ${seconds} s, $coverage, corpus $(ls "$corpus" | wc -l) files"
  else
    failed=$((failed + 1))
    echo "fuzz $target: FAILED (exit $status); last lines of $log:"
    grep -E 'violated|Fatal error|ERROR|SUMMARY' "$log" | head -5 | sed 's/^/  /' || true
    # The inputs this run kept (libFuzzer: "Test unit written to <path>").
    inputs=$(sed -n 's/^.*Test unit written to \(.*\)$/\1/p' "$log")
    [ -n "$inputs" ] || echo "  no input kept (killed by timeout?); see $log"
    for crash in $inputs; do
      echo "  input $crash ($(wc -c <"$crash") bytes): $(od -An -tx1 -v "$crash" | tr -d ' \n' | head -c 400)"
      echo "  replay: TWOWAYD_FUZZ_TARGET=$target $binary $crash"
    done
  fi
done
# The routes target's store, left behind when a crash ended the process before its exit handler.
rm -rf /dev/shm/twowayd-fuzz-routes-* 2>/dev/null || true
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
