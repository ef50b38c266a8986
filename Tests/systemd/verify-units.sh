#!/usr/bin/env bash
# Static checks of the units in systemd/ (no running systemd needed, about a second):
#
#   Tests/systemd/verify-units.sh [TWOWAYD_BINARY]
#
#   1. `systemd-analyze verify` of twowayd.service, twowayd-http.socket, twowayd-api.socket,
#      twowayd-control.socket
#      passes with no output on stderr at all (warnings exit 0, so stderr is what counts).
#      verify insists that ExecStart= exists: the units are checked as copies in a temporary
#      directory whose ExecStart= points at TWOWAYD_BINARY, or at a stub when none is given.
#   2. `systemd-analyze security --offline=true` rates twowayd.service at 2.0 or lower, and
#      Docs/operations.md states the score it printed (so the operator guide stays true).
#   3. `systemd-sysusers --dry-run` accepts sysusers.d/twowayd.conf and creates user twowayd.
#   4. twowayd-http.socket and twowayd-api.socket pass the descriptor names the daemon serves
#      (http, api), listen on loopback, and are in twowayd.service's Sockets= line.
#
# Prints one TAP-style line per check, then `N passed, M failed`; exits non-zero on failure.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
units=(twowayd.service twowayd-http.socket twowayd-api.socket twowayd-control.socket)
threshold=2.0
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok - $*"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $*"; }
diag() { sed 's/^/#   /'; }

for tool in systemd-analyze systemd-sysusers; do
    command -v "$tool" >/dev/null || { echo "Bail out! missing $tool (apt-get install systemd)"; echo "0 passed, 4 failed"; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if (($# >= 1)); then
    binary=$(realpath -e -- "$1") || { echo "Bail out! no such binary: $1"; echo "0 passed, 4 failed"; exit 1; }
else
    binary=$tmp/bin/twowayd
    mkdir -p "$tmp/bin"
    printf '#!/bin/sh\nexit 0\n' > "$binary"
    chmod 0755 "$binary"
fi

mkdir -p "$tmp/units"
for unit in "${units[@]}"; do
    cp "$repo/systemd/$unit" "$tmp/units/$unit"
done
sed -i "s|^ExecStart=/usr/bin/twowayd\$|ExecStart=$binary|" "$tmp/units/twowayd.service"
grep -qx "ExecStart=$binary" "$tmp/units/twowayd.service" \
    || not_ok "twowayd.service has no line 'ExecStart=/usr/bin/twowayd' to point at the binary"

# --- 1. systemd-analyze verify -----------------------------------------------------------------
echo "# systemd-analyze verify ${units[*]} (ExecStart=$binary)"
(cd "$tmp/units" && systemd-analyze verify "${units[@]/#/$tmp/units/}") > "$tmp/verify.out" 2> "$tmp/verify.err"
rc=$?
if ((rc == 0)) && [[ ! -s $tmp/verify.err ]]; then
    ok "systemd-analyze verify: ${units[*]} clean (no stderr)"
else
    diag < "$tmp/verify.err"
    diag < "$tmp/verify.out"
    not_ok "systemd-analyze verify: exit $rc, $(wc -l < "$tmp/verify.err") line(s) on stderr"
fi

# --- 2. systemd-analyze security ---------------------------------------------------------------
systemd-analyze security --offline=true --no-pager "$tmp/units/twowayd.service" > "$tmp/security.out" 2>&1
rc=$?
line=$(grep -m1 'Overall exposure level' "$tmp/security.out")
score=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' <<< "$line")
echo "# ${line#→ }"
if [[ -n $score ]] && awk -v s="$score" -v t="$threshold" 'BEGIN { exit !(s <= t) }'; then
    ok "systemd-analyze security: twowayd.service exposure $score <= $threshold"
else
    grep -v '^✓' "$tmp/security.out" | diag
    not_ok "systemd-analyze security: twowayd.service exposure '${score:-unparsed}' (exit $rc), must be <= $threshold"
fi

guide=$repo/Docs/operations.md
stated=$(grep -o 'systemd-analyze security twowayd` scores [0-9][0-9.]*[0-9]' "$guide" | head -n 1 | sed 's/.* scores //')
if [[ -n $score && $stated == "$score" ]]; then
    ok "Docs/operations.md states the measured exposure $score"
else
    not_ok "Docs/operations.md states exposure '${stated:-nothing}', systemd-analyze measured '${score:-unparsed}'"
fi

# --- 3. sysusers --------------------------------------------------------------------------------
mkdir -p "$tmp/root/etc"
systemd-sysusers --dry-run --root="$tmp/root" "$repo/systemd/sysusers.d/twowayd.conf" > "$tmp/sysusers.out" 2>&1
rc=$?
if ((rc == 0)) && grep -q "twowayd" "$tmp/sysusers.out" && ! grep -qiE 'fail|invalid|error' "$tmp/sysusers.out"; then
    ok "systemd-sysusers --dry-run: sysusers.d/twowayd.conf creates user twowayd"
else
    diag < "$tmp/sysusers.out"
    not_ok "systemd-sysusers --dry-run: exit $rc"
fi

# --- 4. socket units and the names the daemon looks for ---------------------------------------
# The daemon serves the descriptor named http (webhooks), api (staff API) and control; each
# socket unit must pass its name, listen on loopback, and be in the service's Sockets= line.
sockets_line=$(sed -n 's/^Sockets=//p' "$repo/systemd/twowayd.service")
for pair in http:127.0.0.1:8080 api:127.0.0.1:8081; do
    name=${pair%%:*} listen=${pair#*:}
    unit=twowayd-$name.socket
    if grep -qx "FileDescriptorName=$name" "$repo/systemd/$unit" \
        && grep -qx "ListenStream=$listen" "$repo/systemd/$unit" \
        && [[ " $sockets_line " == *" $unit "* ]]; then
        ok "$unit: FileDescriptorName=$name, ListenStream=$listen, in twowayd.service's Sockets="
    else
        not_ok "$unit: needs FileDescriptorName=$name, ListenStream=$listen and a place in Sockets= ($sockets_line)"
    fi
done

echo "$passed passed, $failed failed"
((failed == 0))
