#!/usr/bin/env bash
# Follows Docs/operations.md as a new operator would, under a real systemd 252 booted in
# systemd-nspawn on a throwaway overlay of the host root (see lib.sh):
#
#   Tests/systemd/operations-test.sh TWOWAYD_BINARY TWOWAYCTL_BINARY
#
#   1. a minimal `{}` configuration and no /etc/twowayd/credentials folder at all: the service
#      starts (READY, socket-activated) in sandbox mode, with no demo practice
#   2. `twowayctl status` and `twowayctl backup` as a member of group twowayd (not root)
#   3. a refused reload: `systemctl reload twowayd` exits non-zero, the journal MESSAGE and
#      `systemctl status` say why, the service keeps running; a good file reloads (exit 0)
#   4. backup and restore: texts stored, `twowayctl backup FOLDER` while the daemon runs, more
#      texts, then the guide's restore commands (the sh block under "### Restore", run as
#      written): the sockets are down while restoring, the restored daemon holds exactly the
#      texts of the backup, sends nothing again and passes PRAGMA integrity_check
#   5. secret rotation with the twilio carrier, with the guide's commands (under "## Secrets"): a
#      new twilio-auth-token is NOT taken by a reload
#      (the reload says so), and is taken by the restart the guide prescribes
#
# Prints one TAP-style line per check, then `N passed, M failed`; exits non-zero on failure.
# Needs root, systemd-nspawn, unshare, nsenter, overlayfs, curl and python3.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
self="$here/$(basename "${BASH_SOURCE[0]}")"
total_checks=5
# shellcheck source=lib.sh
source "$here/lib.sh"

die() { echo "Bail out! $*"; echo "0 passed, $total_checks failed"; exit 1; }

if [[ ${TWOWAYD_CT_STAGE:-} != inner ]]; then
    (($# == 2)) || { echo "usage: $0 TWOWAYD_BINARY TWOWAYCTL_BINARY" >&2; exit 2; }
    ((EUID == 0)) || die "must run as root"
    for tool in systemd-nspawn unshare nsenter systemd-id128 curl python3 timeout; do
        command -v "$tool" >/dev/null || die "missing tool: $tool"
    done
    binary=$(realpath -e -- "$1" 2>/dev/null) || die "no such binary: $1"
    ctl=$(realpath -e -- "$2" 2>/dev/null) || die "no such binary: $2"
    ct_outer "$self" "${TWOWAYD_CT_TIMEOUT:-180}" TWOWAYD_CT_BINARY="$binary" TWOWAYD_CT_CTL="$ctl"
    exit $?
fi

binary=$TWOWAYD_CT_BINARY
ctl=$TWOWAYD_CT_CTL
ct_init
ct_prepare_root
echo "# binaries under test: $binary $ctl"

install_log=$("$repo/scripts/install.sh" --destdir "$merged" --binary "$binary" --ctl "$ctl" 2>&1) \
    || { echo "$install_log" | diag; die "scripts/install.sh --destdir failed"; }
ct_boot "$repo"
if ! install_log=$(T=60 ct /opt/twowayd-src/scripts/install.sh --binary /usr/bin/twowayd --ctl /usr/bin/twowayctl 2>&1) \
    || ! T=10 ct getent passwd twowayd >/dev/null; then
    echo "$install_log" | diag
    die "scripts/install.sh inside the container failed"
fi
# An admin who is not root: a member of group twowayd, as the guide says.
T=10 ct useradd --create-home --groups twowayd vetadmin || die "cannot add user vetadmin"
as_admin() { ct setpriv --reuid=vetadmin --regid=vetadmin --init-groups env HOME=/home/vetadmin "$@"; }

# Runs a shell command inside the container; output on stdout, status as its own.
sh_ct() { T=${T:-60} ct bash -c "$1"; }
# post SID [FROM] [TO]: an inbound text through the webhook; prints the HTTP status.
post() {
    http POST http://127.0.0.1:8080/twilio/sms -d "From=${2:-%2B13125550142}&To=${3:-$to_number}&Body=text+$1&MessageSid=$1"
}
# sqlite_ct PATH SQL: one value from a database inside the container (python3's sqlite3).
sqlite_ct() {
    ct python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$1" "$2" 2>&1
}
# The first ```sh block after the heading $1 in Docs/operations.md.
guide_block() {
    python3 - "$repo/Docs/operations.md" "$1" <<'EOF'
import sys
lines, heading = open(sys.argv[1]).read().splitlines(), sys.argv[2]
start = lines.index(heading)
begin = next(i for i in range(start, len(lines)) if lines[i].strip() == "```sh")
end = next(i for i in range(begin + 1, len(lines)) if lines[i].strip() == "```")
print("\n".join(lines[begin + 1:end]))
EOF
}
enable_all() { T=60 ct systemctl enable --now twowayd-http.socket twowayd-api.socket twowayd-control.socket twowayd.service; }
is_ready() { [[ $(prop ActiveState) == active && $(prop StatusText) == ready* ]]; }

# --- 1. minimal configuration, no credentials folder ---------------------------------------------
printf '{}\n' > "$merged/etc/twowayd/twowayd.json"
rm -rf "$merged/etc/twowayd/credentials"
start_out=$(enable_all 2>&1); start_rc=$?
practices=$(ct twowayctl practice list --json 2>&1)
if ((start_rc == 0)) && poll 10 is_ready && [[ $(prop Result) == success ]] \
    && python3 -c 'import json,sys; sys.exit(json.loads(sys.argv[1])["practices"] != [])' "$practices" 2>/dev/null; then
    ok "{} and no credentials folder: active, \"$(prop StatusText)\", no demo practice"
else
    echo "$start_out" | diag; echo "$practices" | diag
    not_ok "{} and no credentials folder (rc $start_rc, $(prop ActiveState), Result=$(prop Result), ExecMainStatus=$(prop ExecMainStatus))"
fi

# --- 2. twowayctl as a member of group twowayd --------------------------------------------------
status_out=$(as_admin twowayctl status 2>&1); status_rc=$?
admin_backup=$(as_admin twowayctl backup /home/vetadmin/backup 2>&1); admin_backup_rc=$?
admin_files=$(ct ls -A /home/vetadmin/backup 2>&1 | tr '\n' ' ')
if ((status_rc == 0 && admin_backup_rc == 0)) && grep -q "^carrier: *sandbox" <<< "$status_out" \
    && [[ $admin_files == "backup.json media media-link-key twowayd.sqlite " ]]; then
    ok "twowayctl status and backup as vetadmin (group twowayd)"
else
    echo "$status_out" | diag; echo "$admin_backup" | diag
    not_ok "twowayctl as vetadmin (status rc $status_rc, backup rc $admin_backup_rc, files: $admin_files)"
fi

# A practice that texts, set up the way twowayctl.md shows.
setup_out=$(sh_ct 'set -e
twowayctl practice add --name "Maple Vet" --country US --time-zone America/New_York --practice-phone 3125550100 --emergency-phone 3125550199 >/dev/null
twowayctl app-chat enable >/dev/null
twowayctl number request >/dev/null
twowayctl texting enable >/dev/null
twowayctl practice show --json' 2>&1)
to_number=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["number"]["number"])' "$setup_out" 2>/dev/null)
[[ $to_number == +1* ]] || { echo "$setup_out" | diag; echo "# practice set-up failed"; }
to_number=${to_number/+/%2B}

# --- 3. refused reload --------------------------------------------------------------------------
cp -p "$merged/etc/twowayd/twowayd.json" "$work/good.json"
printf '{ "logLevel": "debug", \n' > "$merged/etc/twowayd/twowayd.json"
pid_before=$(prop MainPID)
reload_out=$(T=90 ct systemctl reload twowayd 2>&1); reload_rc=$?
status_text=$(T=10 ct systemctl status --no-pager --full -n 20 twowayd 2>&1)
echo "# systemctl reload on a broken file (exit $reload_rc): $(head -n 1 <<< "$reload_out")"
refused_message() { T=10 ct journalctl --no-pager -u twowayd TWOWAY_EVENT=reload_failed -o cat 2>/dev/null | grep -q "reload refused.*line"; }
cp -p "$work/good.json" "$merged/etc/twowayd/twowayd.json"
good_out=$(T=90 ct systemctl reload twowayd 2>&1); good_rc=$?
if ((reload_rc != 0 && good_rc == 0)) && poll 5 refused_message && grep -q "configuration refused" <<< "$status_text" \
    && [[ $(prop MainPID) == "$pid_before" && $(prop ActiveState) == active ]]; then
    ok "refused reload: systemctl reload exits $reload_rc, MESSAGE and systemctl status give the reason; a good file reloads (exit 0)"
else
    echo "$reload_out" | diag; echo "$status_text" | diag; echo "$good_out" | diag
    not_ok "refused reload (rc $reload_rc, then $good_rc; MainPID $pid_before -> $(prop MainPID), $(prop ActiveState))"
fi

# --- 4. backup and restore ----------------------------------------------------------------------
codes=
for sid in SMbefore1 SMbefore2 SMbefore3; do codes+="$(post $sid) "; done
backup_out=$(T=60 ct twowayctl backup /root/backups/twowayd-test 2>&1); backup_rc=$?
for sid in SMafter1 SMafter2; do codes+="$(post $sid) "; done
listing=$(ct ls -A /root/backups/twowayd-test 2>&1 | tr '\n' ' ')
leftover=$(ct ls -A /var/lib/twowayd/backups 2>&1 | tr '\n' ' ')
restore=$(guide_block "### Restore")
restore=${restore//\/backup\/twowayd-2026-12-07//root/backups/twowayd-test}
echo "# the guide's restore commands:"; echo "$restore" | diag
# While restoring, nothing may answer on the sockets (else a webhook restarts the old daemon).
restore_probe=$'\n'"curl -s -o /dev/null -w 'probe=%{http_code}\\n' --max-time 3 http://127.0.0.1:8080/health || true"
stop_line=$(grep -m1 '^systemctl stop' <<< "$restore")
restore_out=$(T=120 ct bash -c "set -e; ${restore/"$stop_line"/"$stop_line$restore_probe"}" 2>&1); restore_rc=$?
poll 15 is_ready
db=/var/lib/twowayd/twowayd.sqlite
integrity=$(sqlite_ct "$db" "PRAGMA integrity_check")
sids=$(sqlite_ct "$db" "SELECT group_concat(inbound_sid, ' ') FROM (SELECT inbound_sid FROM message WHERE inbound_sid IS NOT NULL ORDER BY inbound_sid)")
queued=$(sqlite_ct "$db" "SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'sending')")
owner=$(ct stat -c %U "$db" 2>&1)
if ((backup_rc == 0 && restore_rc == 0)) && [[ $codes == "200 200 200 200 200 " ]] \
    && [[ $listing == *backup.json*media*media-link-key*twowayd.sqlite* && -z $leftover ]] \
    && grep -q "probe=000" <<< "$restore_out" && [[ $integrity == ok && $sids == "SMbefore1 SMbefore2 SMbefore3" ]] \
    && [[ $queued == 0 && $owner == twowayd ]] && is_ready; then
    ok "backup while running, restore as the guide says: sockets down meanwhile, integrity ok, texts $sids, nothing queued to resend"
else
    echo "$backup_out" | diag; echo "$restore_out" | diag
    not_ok "backup/restore (backup rc $backup_rc, restore rc $restore_rc, webhooks $codes, backup folder: $listing, leftover: '$leftover', integrity $integrity, texts '$sids', queued $queued, owner $owner, $(prop ActiveState))"
fi

# Journal volume (Docs/operations.md, "Logs"): entries and bytes (journal export format, every
# field) of the unit so far, for the texts stored and answered above.
volume=$(T=20 ct journalctl --no-pager -u twowayd -o export 2>/dev/null | python3 -c '
import sys
data = sys.stdin.buffer.read()
entries = data.count(b"\n\n")
print(entries, len(data), len(data) // max(entries, 1))')
echo "# journal so far: $volume (entries, export bytes, bytes per entry); inbound entries: $(T=10 ct journalctl --no-pager -u twowayd TWOWAY_EVENT=inbound -o cat 2>/dev/null | wc -l)"

# --- 5. secret rotation (twilio carrier) --------------------------------------------------------
# sign TOKEN SID: X-Twilio-Signature of an inbound webhook to http://127.0.0.1:8080/twilio/sms.
sign() {
    python3 - "$1" "$2" <<'EOF'
import base64, hashlib, hmac, sys
token, sid = sys.argv[1], sys.argv[2]
params = {"From": "+13125550142", "To": "+18885550000", "Body": "hi", "MessageSid": sid}
data = "http://127.0.0.1:8080/twilio/sms" + "".join(k + params[k] for k in sorted(params))
print(base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode())
EOF
}
signed_post() {
    http POST http://127.0.0.1:8080/twilio/sms -H "X-Twilio-Signature: $(sign "$1" "$2")" \
        -d "From=%2B13125550142&To=%2B18885550000&Body=hi&MessageSid=$2"
}
mkdir -p -m 0700 "$merged/etc/twowayd/credentials"
printf 'first-token-0123456789\n' > "$merged/etc/twowayd/credentials/twilio-auth-token"
printf '{ "carrier": { "kind": "twilio", "accountSID": "AC0123456789abcdef0123456789abcdef" } }\n' \
    > "$merged/etc/twowayd/twowayd.json"
T=60 ct systemctl restart twowayd 2>&1 | diag
poll 15 is_ready
first=$(signed_post first-token-0123456789 SMrot1)
# The guide's commands (the sh block under "## Secrets"): first its install line, and after a
# reload that must not take the new token, its restart line.
rotation=$(guide_block "## Secrets")
rotation=${rotation//the-new-token/second-token-9876543210}
install_line=$(grep -m1 '^install ' <<< "$rotation")
restart_line=$(grep -m1 '^systemctl restart' <<< "$rotation")
T=20 ct bash -c "$install_line" 2>&1 | diag
rotate_reload=$(T=90 ct systemctl reload twowayd 2>&1); rotate_reload_rc=$?
not_reread() { T=10 ct journalctl --no-pager -u twowayd TWOWAY_EVENT=reload TWOWAY_SECRETS=not_reread -o cat 2>/dev/null | grep -q "secrets were not re-read"; }
after_reload=$(signed_post first-token-0123456789 SMrot2)
T=60 ct bash -c "$restart_line" 2>&1 | diag
poll 15 is_ready
after_restart_new=$(signed_post second-token-9876543210 SMrot3)
after_restart_old=$(signed_post first-token-0123456789 SMrot4)
if [[ $first == 200 && $rotate_reload_rc == 0 && $after_reload == 200 && $after_restart_new == 200 \
    && $after_restart_old == 403 ]] && poll 5 not_reread; then
    ok "secret rotation: reload keeps the old token and says so; restart takes the new one (old one then 403)"
else
    echo "$rotate_reload" | diag; echo "# guide: $install_line / $restart_line"
    not_ok "secret rotation (first $first, reload rc $rotate_reload_rc, old token after reload $after_reload, new after restart $after_restart_new, old after restart $after_restart_old)"
fi

echo "# systemd-analyze security twowayd (inside the booted container): $(T=30 ct systemd-analyze security --no-pager twowayd 2>&1 | grep -m1 'Overall exposure')"
if [[ -n ${TWOWAYD_CT_VERBOSE:-} ]]; then
    echo "# --- journal ---"; T=10 ct journalctl --no-pager -u twowayd -o short-monotonic | diag
fi
shutdown_container
echo "# finished in $((SECONDS - started)) s"
echo "$passed passed, $failed failed"
((failed == 0))
