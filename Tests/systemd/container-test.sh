#!/usr/bin/env bash
# Boots real systemd as PID 1 in systemd-nspawn on a throwaway overlay of the host root, installs
# twowayd into it with scripts/install.sh and checks the daemon's systemd contract:
#
#   Tests/systemd/container-test.sh TWOWAYD_BINARY [TWOWAYCTL_BINARY]
#
#   1. start: active, StatusText starts with "ready"
#   2. POST /twilio/sms answered 200; journal entry TWOWAY_EVENT=inbound with
#      TWOWAY_MESSAGE_SID=SMtest1 whose MESSAGE does not contain the sender's number
#   3. reload with logLevel "debug": TWOWAY_EVENT=reload + TWOWAY_LOG_LEVEL=debug, same MainPID
#   3b. D5 at debug level: texts from more numbers (a STOP, a refused foreign number), the
#      replies sent; no field of any journal entry of the unit holds a client number's full digits
#   4. reload with broken JSON: TWOWAY_EVENT=reload_failed, still active, same MainPID
#   5. watchdog: WatchdogSec=2s, SIGSTOP the daemon, systemd kills (watchdog) and restarts it
#   6. stop: Result=success, main process exited with status 0
#   7. socket activation: with the service stopped, GET /health on twowayd-http.socket starts it
#
# Prints one TAP-style `ok - …`/`not ok - …` line per check, then `N passed, M failed`; exits
# non-zero on any failure. Needs root, systemd-nspawn (systemd-container), unshare, nsenter,
# overlayfs, curl and python3. Everything (mounts, processes, cgroups) is torn down at the end;
# the whole run is bounded by TWOWAYD_CT_TIMEOUT seconds (default 120).
# Debugging aids: TWOWAYD_CT_VERBOSE=1 prints the container's console and the unit's full journal
# at the end; TWOWAYD_CT_EXTRA=FILE sources FILE (bash) after the checks, before power-off, with
# `ct COMMAND…` (run inside the container), `prop PROPERTY [UNIT]` and $merged (its root) at hand.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
self="$here/$(basename "${BASH_SOURCE[0]}")"
total_checks=8

die() { echo "Bail out! $*"; echo "0 passed, $total_checks failed"; exit 1; }
# shellcheck source=lib.sh
source "$here/lib.sh"

# ---------------------------------------------------------------------------------------------
# Outer stage: a cgroup of our own (nspawn --keep-unit runs the container in the caller's
# cgroup), then the inner stage in private mount and PID namespaces, then cleanup.
# ---------------------------------------------------------------------------------------------
if [[ ${TWOWAYD_CT_STAGE:-} != inner ]]; then
    (($# >= 1 && $# <= 2)) || { echo "usage: $0 TWOWAYD_BINARY [TWOWAYCTL_BINARY]" >&2; exit 2; }
    ((EUID == 0)) || die "must run as root"
    for tool in systemd-nspawn unshare nsenter systemd-id128 curl python3 timeout; do
        command -v "$tool" >/dev/null || die "missing tool: $tool"
    done
    binary=$(realpath -e -- "$1" 2>/dev/null) || die "no such binary: $1"
    [[ -x $binary ]] || die "not executable: $binary"
    ctl=
    if (($# == 2)); then
        ctl=$(realpath -e -- "$2" 2>/dev/null) || die "no such binary: $2"
    fi

    ct_outer "$self" "${TWOWAYD_CT_TIMEOUT:-120}" TWOWAYD_CT_BINARY="$binary" TWOWAYD_CT_CTL="$ctl"
    rc=$?
    exit "$rc"
fi

# ---------------------------------------------------------------------------------------------
# Inner stage: PID 1 of a private PID namespace with a private mount namespace.
# ---------------------------------------------------------------------------------------------
binary=$TWOWAYD_CT_BINARY
ctl=$TWOWAYD_CT_CTL
ct_init

# Rewrites the installed configuration's logLevel, keeping every other key.
set_log_level() {
    python3 - "$merged/etc/twowayd/twowayd.json" "$1" <<'EOF'
import json, sys
path, level = sys.argv[1], sys.argv[2]
with open(path) as f:
    config = json.load(f)
config["logLevel"] = level
with open(path, "w") as f:  # in place: keeps owner and mode
    json.dump(config, f, indent=2)
    f.write("\n")
EOF
}

echo "# binary under test: $binary"
echo "# $(systemd-nspawn --version | head -1)"

# --- the container's root: overlay of / with twowayd installed ---------------------------------
ct_prepare_root
if [[ ! -f $repo/Config/twowayd.json ]]; then
    echo "# note: $repo/Config/twowayd.json does not exist; using a placeholder configuration"
    mkdir -p "$merged/etc/twowayd"
    printf '{\n  "logLevel": "info"\n}\n' > "$merged/etc/twowayd/twowayd.json"
fi
ctl_args=(--no-ctl)
[[ -n $ctl ]] && ctl_args=(--ctl "$ctl")
install_log=$("$repo/scripts/install.sh" --destdir "$merged" --binary "$binary" "${ctl_args[@]}" 2>&1) \
    || { echo "$install_log" | diag; die "scripts/install.sh --destdir failed"; }
echo "# installed into the overlay with scripts/install.sh --destdir"
# An installed service starts with no practice; these checks text the sandbox's demo practice,
# so this installation asks for it (the operator guide's way to try the sandbox).
python3 - "$merged/etc/twowayd/twowayd.json" <<'EOF'
import json, sys
with open(sys.argv[1]) as f:
    config = json.load(f)
config.setdefault("sandbox", {})["seedDemoPractice"] = True
with open(sys.argv[1], "w") as f:  # in place: keeps owner and mode
    json.dump(config, f, indent=2)
    f.write("\n")
EOF

# --- boot ---------------------------------------------------------------------------------------
ct_boot "$repo"

# Live-mode install inside the container: systemd-sysusers creates user twowayd, daemon-reload
# loads the units; it also shows the script is idempotent (configuration is kept).
inner_ctl_args=(--no-ctl)
[[ -n $ctl ]] && inner_ctl_args=(--ctl /usr/bin/twowayctl)
if ! install_log=$(T=60 ct /opt/twowayd-src/scripts/install.sh --binary /usr/bin/twowayd "${inner_ctl_args[@]}" 2>&1) \
    || ! T=10 ct getent passwd twowayd >/dev/null; then
    echo "$install_log" | diag
    die "scripts/install.sh inside the container failed"
fi
echo "# ran scripts/install.sh inside the container (systemd-sysusers, daemon-reload)"

# --- 1. start -----------------------------------------------------------------------------------
start_out=$(T=40 ct systemctl start twowayd 2>&1); start_rc=$?
active=$(prop ActiveState)
status_text=$(prop StatusText)
if ((start_rc == 0)) && [[ $active == active && $status_text == ready* ]]; then
    ok "systemctl start twowayd: active, StatusText \"$status_text\""
else
    echo "$start_out" | diag
    not_ok "systemctl start twowayd (rc $start_rc, ActiveState=$active, StatusText=\"$status_text\")"
fi

# --- 2. inbound text in sandbox mode ------------------------------------------------------------
code=$(http POST http://127.0.0.1:8080/twilio/sms \
    -d 'From=%2B13125550142&To=%2B18005551000&Body=hello&MessageSid=SMtest1')
inbound_json=
inbound_seen() {
    inbound_json=$(T=10 ct journalctl --no-pager -u twowayd TWOWAY_EVENT=inbound TWOWAY_MESSAGE_SID=SMtest1 -o json 2>/dev/null)
    [[ -n $inbound_json ]]
}
if [[ $code == 200 ]] && poll 5 inbound_seen; then
    verdict=$(python3 -c '
import json, sys
leaks, fields = 0, set()
for line in sys.stdin:
    entry = json.loads(line)
    message = entry.get("MESSAGE")
    if not isinstance(message, str) or "3125550142" in message:
        leaks += 1
    fields |= {k for k, v in entry.items() if isinstance(v, str) and "3125550142" in v}
print(leaks, ",".join(sorted(fields)))
' <<< "$inbound_json")
    leaks=${verdict%% *}; leaky_fields=${verdict#* }
    [[ -n $leaky_fields ]] && echo "# note: fields holding the unmasked number: $leaky_fields"
    if [[ $leaks == 0 ]]; then
        ok "POST /twilio/sms: 200, journal has TWOWAY_EVENT=inbound TWOWAY_MESSAGE_SID=SMtest1, MESSAGE masked"
    else
        echo "$inbound_json" | diag
        not_ok "inbound journal MESSAGE contains the unmasked number 3125550142 (D5)"
    fi
else
    not_ok "POST /twilio/sms: HTTP $code; inbound journal entry with TWOWAY_MESSAGE_SID=SMtest1: ${inbound_json:+found}${inbound_json:-missing}"
fi

# --- 3. reload with a changed log level ---------------------------------------------------------
pid_before=$(prop MainPID)
set_log_level debug
reload_out=$(T=20 ct systemctl reload twowayd 2>&1); reload_rc=$?
if ((reload_rc == 0)) && poll 5 journal_has TWOWAY_EVENT=reload TWOWAY_LOG_LEVEL=debug \
    && [[ $(prop MainPID) == "$pid_before" && $(prop ActiveState) == active ]]; then
    ok "systemctl reload: TWOWAY_EVENT=reload TWOWAY_LOG_LEVEL=debug, MainPID $pid_before unchanged"
else
    echo "$reload_out" | diag
    not_ok "reload with logLevel debug (rc $reload_rc, MainPID $pid_before -> $(prop MainPID), $(prop ActiveState))"
fi

# --- 3b. D5: no journal field holds a client's full number -------------------------------------
# At debug level (check 3): a STOP, a new texter and a refused foreign number besides SMtest1; once
# the replies were sent, every field of every entry of the unit (not only MESSAGE; binary fields
# too) is searched for each number's digits, as typed and with separators removed.
d5_codes=
for form in 'From=%2B13125550143&To=%2B18005551000&Body=STOP&MessageSid=SMtestD5a' \
            'From=%2B13125550144&To=%2B18005551000&Body=Hi+there&MessageSid=SMtestD5b' \
            'From=%2B442079460958&To=%2B18005551000&Body=Hello&MessageSid=SMtestD5c'; do
    d5_codes+="$(http POST http://127.0.0.1:8080/twilio/sms -d "$form") "
done
sent_count() { T=10 ct journalctl --no-pager -u twowayd TWOWAY_EVENT=outbound_sent -o cat 2>/dev/null | wc -l; }
replies_sent() { (($(sent_count) >= 3)); }
poll 10 replies_sent
sleep 1  # the sandbox's simulated delivery callbacks
d5_verdict=$(T=20 ct journalctl --no-pager -u twowayd --all -o json 2>/dev/null | python3 -c '
import json, re, sys
numbers = ["3125550142", "3125550143", "3125550144", "442079460958"]
def text(value):  # a field as text: binary fields are byte arrays, repeated fields lists
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        if all(isinstance(v, int) for v in value):
            return bytes(value).decode("utf-8", "replace")
        return " ".join(text(v) for v in value)
    return ""
entries, leaks = 0, set()
for line in sys.stdin:
    entry = json.loads(line)
    entries += 1
    event = text(entry.get("TWOWAY_EVENT", "?"))
    for key, value in entry.items():
        value = text(value)
        squeezed = re.sub(r"[\s().+-]", "", value)
        if any(number in value or number in squeezed for number in numbers):
            leaks.add(event + ":" + key)
print(entries, " ".join(sorted(leaks)) or "none")
')
d5_entries=${d5_verdict%% *}; d5_leaks=${d5_verdict#* }
if [[ $d5_codes == "200 200 400 " && $d5_entries =~ ^[0-9]+$ ]] && ((d5_entries > 0)) && [[ $d5_leaks == none ]] \
    && replies_sent; then
    ok "D5: $d5_entries journal entries at debug level, every field masks the client numbers ($(sent_count) replies sent)"
else
    not_ok "D5: webhooks answered $d5_codes(want 200 200 400), $(sent_count) replies sent, $d5_entries entries; fields with full digits (event:field): $d5_leaks"
fi

# --- 4. broken configuration refused without restart --------------------------------------------
cp -p "$merged/etc/twowayd/twowayd.json" "$work/twowayd.json.good"
printf '{ "logLevel": "debug", \n' > "$merged/etc/twowayd/twowayd.json"
pid_before=$(prop MainPID)
reload_out=$(T=20 ct systemctl reload twowayd 2>&1); reload_rc=$?
if poll 5 journal_has TWOWAY_EVENT=reload_failed && sleep 0.5 \
    && [[ $(prop ActiveState) == active && $(prop MainPID) == "$pid_before" ]]; then
    ok "broken twowayd.json: TWOWAY_EVENT=reload_failed, still active, MainPID $pid_before unchanged"
else
    echo "$reload_out" | diag
    not_ok "broken config reload (rc $reload_rc, MainPID $pid_before -> $(prop MainPID), $(prop ActiveState))"
fi
cp -p "$work/twowayd.json.good" "$merged/etc/twowayd/twowayd.json"
set_log_level info

# --- 5. watchdog --------------------------------------------------------------------------------
mkdir -p "$merged/etc/systemd/system/twowayd.service.d"
printf '[Service]\nWatchdogSec=2s\n' > "$merged/etc/systemd/system/twowayd.service.d/50-watchdog-test.conf"
T=20 ct systemctl daemon-reload 2>&1 | diag
T=40 ct systemctl restart twowayd 2>&1 | diag
watchdog_usec=$(prop WatchdogUSec)
restarts_before=$(prop NRestarts)
pid_before=$(prop MainPID)
watchdog_restarted() {
    local restarts pid
    restarts=$(prop NRestarts); pid=$(prop MainPID)
    [[ $restarts =~ ^[0-9]+$ ]] && ((restarts > restarts_before)) \
        && [[ $(prop ActiveState) == active && $pid != 0 && $pid != "$pid_before" ]]
}
watchdog_fired() { T=10 ct journalctl --no-pager -u twowayd -o cat | grep -q "Watchdog timeout"; }
if [[ $pid_before =~ ^[1-9][0-9]*$ ]] && T=5 ct kill -STOP "$pid_before" \
    && poll 15 watchdog_restarted && poll 3 watchdog_fired; then
    ok "watchdog (WatchdogUSec=$watchdog_usec): stopped daemon killed (Result=watchdog) and restarted, NRestarts $restarts_before -> $(prop NRestarts)"
else
    not_ok "watchdog (WatchdogUSec=$watchdog_usec): NRestarts $restarts_before -> $(prop NRestarts), MainPID $pid_before -> $(prop MainPID), $(prop ActiveState), Result=$(prop Result)"
fi
rm -rf "$merged/etc/systemd/system/twowayd.service.d"
T=20 ct systemctl daemon-reload 2>&1 | diag

# --- 6. clean stop ------------------------------------------------------------------------------
stop_out=$(T=40 ct systemctl stop twowayd 2>&1); stop_rc=$?
result=$(prop Result)
exec_code=$(prop ExecMainCode)
exec_status=$(prop ExecMainStatus)
# ExecMainCode 1 is CLD_EXITED: the daemon exited by itself (not killed by the signal).
if ((stop_rc == 0)) && [[ $result == success && $exec_code == 1 && $exec_status == 0 \
    && $(prop ActiveState) == inactive ]]; then
    ok "systemctl stop twowayd: Result=success, exited with status 0"
else
    echo "$stop_out" | diag
    not_ok "systemctl stop twowayd (rc $stop_rc, Result=$result, ExecMainCode=$exec_code, ExecMainStatus=$exec_status)"
fi
journal_has TWOWAY_EVENT=stopping || echo "# note: no journal entry with TWOWAY_EVENT=stopping"

# --- 7. socket activation -----------------------------------------------------------------------
# Sockets= in twowayd.service pulled the socket units in at check 1; stop them too, so this
# starts from nothing but the two socket units.
T=20 ct systemctl stop twowayd.service twowayd-http.socket twowayd-api.socket twowayd-control.socket 2>&1 | diag
T=20 ct systemctl start twowayd-http.socket twowayd-control.socket 2>&1 | diag
before=$(prop ActiveState)
sockets=$(T=5 ct systemctl is-active twowayd-http.socket twowayd-control.socket | tr '\n' ' ')
code=$(http GET http://127.0.0.1:8080/health)
is_active() { [[ $(prop ActiveState) == active ]]; }
if [[ $before =~ ^(inactive|failed)$ && $sockets == "active active " && $code == 200 ]] && poll 5 is_active; then
    ok "socket activation: GET /health on twowayd-http.socket answered 200 and started twowayd ($(prop TriggeredBy))"
else
    not_ok "socket activation (service before: $before, sockets: $sockets, GET /health: $code, now: $(prop ActiveState))"
fi
echo "# control socket: $(T=5 ct stat -c '%n %A %U:%G' /run/twowayd.control.sock 2>&1)"

if [[ -n ${TWOWAYD_CT_EXTRA:-} ]]; then
    echo "# --- sourcing $TWOWAYD_CT_EXTRA ---"
    # shellcheck disable=SC1090
    source "$TWOWAYD_CT_EXTRA"
fi
if [[ -n ${TWOWAYD_CT_VERBOSE:-} ]]; then
    echo "# --- console ---"; diag < "$work/console.log"
    echo "# --- journal ---"; T=10 ct journalctl --no-pager -u twowayd -o verbose | diag
fi
shutdown_container
echo "# finished in $((SECONDS - started)) s"
echo "$passed passed, $failed failed"
((failed == 0))
