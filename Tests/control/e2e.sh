#!/usr/bin/env bash
# End to end through the real binaries: starts twowayd (sandbox carrier) on a temporary state
# directory, control socket and HTTP port, and drives it only with `twowayctl --json`:
#
#   Tests/control/e2e.sh [BIN_DIR]      (default: `swift build --show-bin-path`; builds if missing)
#
#   onboarding in order (E2, E3 refusals first), hours (A3), an unknown texter answering the three
#   profile questions (A4, A5), a staff reply delivered to the sandbox handset (R2, C3), STOP and
#   the refused staff reply (O2, S6), the client coming back (O3, O4), a directory import with bad
#   rows and then good ones (S3), an ineligible and an eligible port (E7), reload, a user the
#   configuration does not allow (D4), a clean stop that removes the socket, and a stderr log
#   (at debug level) without the full digits of any client number (D5).
#
# Prints one `ok - …` / `not ok - …` line per check and `N passed, M failed`; exits non-zero on
# any failure. Needs bash, python3 (JSON), and either root or nothing else: the daemon runs as
# the calling user, who is the only one allowed on its control socket.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${1:-}
if [[ -z $bin ]]; then
    bin=$(cd "$repo" && swift build --show-bin-path)
    if [[ ! -x $bin/twowayd || ! -x $bin/twowayctl ]]; then
        (cd "$repo" && swift build --product twowayd && swift build --product twowayctl) >&2 || exit 1
    fi
fi
for tool in "$bin/twowayd" "$bin/twowayctl"; do
    [[ -x $tool ]] || { echo "Bail out! missing $tool"; exit 1; }
done
command -v python3 >/dev/null || { echo "Bail out! python3 is needed"; exit 1; }

work=$(mktemp -d /tmp/twowayd-e2e.XXXXXX)
socket="$work/control.sock"
port=$((20000 + RANDOM % 40000))
me=$(id -un)
daemon_pid=
cleanup() {
    [[ -n $daemon_pid ]] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

cat >"$work/twowayd.json" <<JSON
{
  "logLevel": "debug",
  "http": {"host": "127.0.0.1", "port": $port, "publicURL": "http://127.0.0.1:$port"},
  "control": {"socketPath": "$socket", "allowedUsers": ["$me"], "allowedGroups": []},
  "stateDirectory": "$work/state",
  "carrier": {"kind": "sandbox"},
  "sandbox": {"seedDemoPractice": false}
}
JSON

passed=0
failed=0
check() {  # check DESCRIPTION COMMAND...: ok when COMMAND succeeds
    local description=$1
    shift
    if "$@"; then
        echo "ok - $description"
        passed=$((passed + 1))
    else
        echo "not ok - $description"
        failed=$((failed + 1))
    fi
}

# ctl ARGS...: runs twowayctl --json; stdout in $out, exit status in $status.
ctl() {
    out=$("$bin/twowayctl" "$@" --socket "$socket" --json 2>"$work/stderr")
    status=$?
}
# j EXPR: evaluates a Python expression on the last JSON output, bound to `d`.
j() { python3 -c "import json,sys; d=json.loads(sys.argv[1]); print($1)" "$out" 2>/dev/null; }
is() { [[ $(j "$1") == "$2" ]]; }

"$bin/twowayd" --config "$work/twowayd.json" >"$work/daemon.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 1 100); do
    [[ -S $socket ]] && "$bin/twowayctl" status --socket "$socket" >/dev/null 2>&1 && break
    kill -0 "$daemon_pid" 2>/dev/null || break
    sleep 0.1
done
ctl status
check "status answers over the control socket" is 'd["carrier"]' sandbox
check "the socket is mode 0660" test "$(stat -c %a "$socket")" = 660

# Onboarding (E1-E3): each step out of order is refused with what to do first.
ctl practice add --name "Maple Vet" --country US --time-zone America/New_York \
    --practice-phone "(312) 555-0100" --emergency-phone 312.555.0199
practice=$(j 'd["id"]')
check "practice add creates the practice with nothing enabled" is 'd["appChat"] or d["texting"]' False
ctl texting enable --practice "$practice"
check "E3: texting without a number is refused (exit 1, texting.no_number)" \
    test "$status:$(j 'd["code"]')" = "1:texting.no_number"
ctl number request --practice "$practice"
check "E2: a number needs app chat first (number.app_chat_required)" is 'd["code"]' number.app_chat_required
ctl app-chat enable --practice "$practice"
ctl number request --practice "$practice"
number=$(j 'd["number"]["number"]')
check "E2: the sandbox assigns the pool's first toll-free number" test "$number" = "+18005551000"
ctl texting enable --practice "$practice"
check "E3: texting turns on once the number is assigned" is 'd["texting"]' True
for day in monday tuesday wednesday thursday friday saturday sunday; do
    ctl hours set --practice "$practice" --day "$day" --intervals 00:00-24:00
done
ctl hours show --practice "$practice"
check "A3: hours set every day, open now" is 'd["openNow"] and all(x["intervals"] == ["00:00-24:00"] for x in d["weekly"])' True

# A client's story (A4, A5, R2, C3, O2, S6, O3, O4).
client="(312) 555-2001"
ctl sandbox text "$client" "Is Bella's prescription ready?" --practice "$practice"
check "A4: an unknown texter gets question 1" is '"(Question 1/3)" in d["replies"][0]' True
conversation=$(j 'd["conversation"]')
ctl sandbox text "$client" "Sarah" --practice "$practice"
ctl sandbox text "$client" "Connor" --practice "$practice"
ctl sandbox text "$client" "sarah@example.com" --practice "$practice"
ctl profile show --phone "$client" --practice "$practice"
check "A4, A5: the profile is Sarah Connor, email flagged as missing from the PMS" \
    is 'd["profile"]["name"] + " " + str(d["profile"]["emailMissingFromPMS"])' "Sarah Connor True"
ctl conversation reply "$conversation" --message "Yes, ready after 2pm." --as "Dr. Alice" --practice "$practice"
check "R2: the staff reply goes by text" is 'd["channelLabel"]' "Sent via Text"
# The sandbox reports "delivered" through a simulated status callback (kept by the daemon when it
# arrives before the send's answer was stored); wait for it, at most 10 s.
for _ in $(seq 1 100); do
    ctl conversation show "$conversation" --practice "$practice"
    [[ $(j 'd["messages"][-1].get("delivery", {}).get("state")') == delivered ]] && break
    sleep 0.1
done
check "C3: the reply reaches delivered within 10 s" is 'd["messages"][-1]["delivery"]["state"]' delivered
ctl sandbox inbox "$client"
check "the client's handset received the questions and the reply" \
    is 'd["messages"][-1]["body"] + "|" + str(len(d["messages"]))' "Yes, ready after 2pm.|4"
ctl sandbox text "$client" "STOP" --practice "$practice"
check "O2: STOP is a keyword with a confirmation" is 'd["disposition"] + str(len(d["replies"]))' keyword1
ctl conversation reply "$conversation" --message "Hello?" --practice "$practice"
check "S6: staff cannot text an opted-out number (subscription.opted_out)" \
    test "$status:$(j 'd["code"]')" = "1:subscription.opted_out"
ctl sandbox text "$client" "I'm back" --practice "$practice"
ctl subscription show --phone "$client" --practice "$practice"
check "O3, O4: a later text opts back in; history has who and how" \
    is '[d["twoWay"], [c["method"] for c in d["history"]]]' "[True, ['keyword STOP', 'keyword STOP', 'inbound text', 'inbound text']]"

# Directory import (S3): all or nothing.
cat >"$work/bad.csv" <<CSV
client_id,first_name,last_name,phones,email,app_installed,app_signed_in,app_version,chat_disabled
C-1,Kyle,Reese,312-555-2004,,false,false,,false
,John,Connor,312-555-2003,,false,false,,false
C-3,Ann,Lee,876-555-2005,,false,false,,false
CSV
ctl directory import "$work/bad.csv" --practice "$practice"
check "a directory with bad rows is refused listing lines 3 and 4" \
    is 'd["code"] + str([x["line"] for x in d["details"]])' "directory.invalid_rows[3, 4]"
ctl clients search --last-name Reese --practice "$practice"
check "nothing of the bad file was imported" is 'len(d["clients"])' 0
sed -e '3d;4d' "$work/bad.csv" >"$work/good.csv"
ctl directory import "$work/good.csv" --practice "$practice"
ctl clients search --last-name reese --practice "$practice"
check "S2, S3: the good file imports; Reese is found with the reason chat is unavailable" \
    is 'd["clients"][0]["chat"]["reasonCode"]' notInstalledOrSignedIn

# Own number (E7) on a second practice.
ctl practice add --name "Oak Animal Hospital" --country CA --time-zone America/Toronto \
    --practice-phone "(416) 555-0100" --emergency-phone "(416) 555-0199"
oak=$(j 'd["id"]')
ctl number port --number "(416) 555-0100" --carrier "Acme Phone" --practice "$oak"
check "E7: an ineligible carrier is refused and nothing is charged" \
    is 'd["code"] + " " + str("Nothing was charged" in d["message"])' "number.port_ineligible True"
ctl number port --number "(416) 555-0100" --carrier rogers --practice "$oak"
check "E7: an eligible carrier records the \$299.00 fee" is 'str(d["feeCents"]) + d["practice"]["number"]["state"]' "29900port_requested"
ctl number port-complete --practice "$oak"
check "E7: port-complete makes the number ported" is 'd["number"]["state"]' ported

ctl practice show
check "practice-scoped commands need --practice when there are two practices" \
    test "$status:$(j 'd["code"]')" = "1:practice.required"
ctl reload
check "reload answers" is 'd["reloaded"]' True
printf 'garbage\n{"v":1,"id":5,"command":"status"}\n' >"$work/raw"
if command -v socat >/dev/null; then
    raw=$(socat -t 2 - "UNIX-CONNECT:$socket" <"$work/raw")
    check "garbage gets an error and the next line on the connection still works" \
        test "$(printf '%s\n' "$raw" | grep -c '"ok":true')/$(printf '%s\n' "$raw" | grep -c 'control.malformed_request')" = "1/1"
fi

# D4: a user not in the lists is refused. Only root can switch users for this check.
if ((EUID == 0)) && id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null; then
    chmod 0777 "$work" && chmod 0666 "$socket"
    denied=$(setpriv --reuid=nobody --regid=nogroup --clear-groups "$bin/twowayctl" status --socket "$socket" 2>&1)
    check "D4: a user the configuration does not allow is refused" grep -q "control.forbidden" <<<"$denied"
fi

# Webhooks (sandbox mode: unsigned) log the sender: one text in, one from abroad refused (E8).
http_code() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@" "http://127.0.0.1:$port/twilio/sms"; }
check "a webhook from a client is answered 200, one from abroad 400 (E8)" test \
    "$(http_code -d 'From=%2B13125552006&To=%2B18005551000&Body=Hi&MessageSid=SMe2e1')/$(http_code \
    -d 'From=%2B442079460958&To=%2B18005551000&Body=Hi&MessageSid=SMe2e2')" = "200/400"

# Times without --json are the practice's (America/New_York), the zone named, whatever the
# machine's zone (here Tokyo); --json keeps ISO 8601 UTC.
ctl conversation show "$conversation" --practice "$practice"
first=$(j 'str(d["messages"][0]["id"]) + " " + d["messages"][0]["createdAt"]')
expected=$(python3 -c 'import sys, datetime, zoneinfo
i, at = sys.argv[1].split()
t = datetime.datetime.fromisoformat(at.replace("Z", "+00:00")).astimezone(zoneinfo.ZoneInfo("America/New_York"))
print("#" + i + " " + t.strftime("%Y-%m-%d %H:%M %Z"))' "$first")
shown=$(TZ=Asia/Tokyo "$bin/twowayctl" conversation show "$conversation" --practice "$practice" --socket "$socket" 2>&1)
check "times in conversation show are the practice's, zone named ($expected), UTC on the wire (${first#* })" \
    grep -qF -- "$expected " <<<"$shown"
history=$(TZ=Asia/Tokyo "$bin/twowayctl" subscription show --phone "$client" --practice "$practice" --socket "$socket" 2>&1)
check "every time in subscription show names the practice's zone" \
    test "$(grep -cE '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} E[SD]T' <<<"$history")" = 4

kill -TERM "$daemon_pid"
wait "$daemon_pid"
stopped=$?
daemon_pid=
check "SIGTERM stops the daemon cleanly (exit 0)" test "$stopped" = 0
check "the socket file is removed on stop" test ! -e "$socket"
# D5: the stderr log (at debug level) never holds the full digits of a client number used above,
# in any form (E.164, national, or digits only).
full_digits='3125552001|3125552003|3125552004|3125552005|3125552006|8765552005|2079460958|312\)? ?[-. ]?555[-. ]?20'
leaks=$(grep -c -E "$full_digits" "$work/daemon.log" || true)
check "D5: the daemon's stderr log masks every client number (${leaks} lines with full digits)" test "$leaks" = 0
((leaks > 0)) && grep -m 5 -E "$full_digits" "$work/daemon.log" | sed 's/^/#   /'

echo "$passed passed, $failed failed"
if ((failed > 0)); then
    echo "--- daemon log ---"
    tail -n 40 "$work/daemon.log"
    exit 1
fi
