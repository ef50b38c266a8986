#!/usr/bin/env bash
# Installs, upgrades, removes and purges the Debian package of twowayd under a real systemd 252
# booted in systemd-nspawn on a throwaway overlay of the host root (see lib.sh):
#
#   Tests/systemd/deb-test.sh [DEB]
#
# DEB defaults to a fresh `scripts/build-deb.sh`. The upgrade is a second build of the same tree
# with the version bumped (`scripts/build-deb.sh --skip-build --version <version>+test1`).
#
#   1. apt-get install ./DEB (offline: the container has no network; every dependency is already
#      installed on the host image): installed, no error
#   2. what postinst did: system user and group twowayd, /var/lib/twowayd (twowayd, 0750),
#      /etc/twowayd/credentials (root, 0700), the two conffiles, the three sockets enabled and
#      listening, the service enabled but not started
#   3. socket activation: `twowayctl status` as a member of group twowayd starts the service,
#      which reaches READY (StatusText "ready…"); a user outside the group is refused
#   4. data: a practice, its number and a conversation made with twowayctl by that member, and an
#      inbound text by webhook; then the conffile twowayd.json is edited and a secret added
#   5. upgrade: apt-get install of the +test1 build: the running service is restarted on the new
#      binary, the conversation and its messages are still there, the edited conffile is kept
#   6. apt-get remove: service and sockets stopped, binaries gone; data, configuration, secrets
#      and the user kept
#   7. apt-get purge: user, group, /var/lib/twowayd, /etc/twowayd, unit files and enable links
#      gone, nothing left of the package
#
# Prints one `PASS - …`/`FAIL - …` line per check, then `N passed, M failed`; exits non-zero on
# any failure. Needs root and what container-test.sh needs, plus dpkg-dev for the builds. The run
# in the container is bounded by TWOWAYD_DT_TIMEOUT seconds (default 300); everything (mounts,
# processes, cgroups, the built packages) is removed at the end.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
self="$here/$(basename "${BASH_SOURCE[0]}")"
total_checks=7
CT_PASS=PASS
CT_FAIL=FAIL

die() { echo "Bail out! $*"; echo "0 passed, $total_checks failed"; exit 1; }
# shellcheck source=lib.sh
source "$here/lib.sh"

# ---------------------------------------------------------------------------------------------
# Outer stage: the two packages, then the container.
# ---------------------------------------------------------------------------------------------
if [[ ${TWOWAYD_CT_STAGE:-} != inner ]]; then
    (($# <= 1)) || { echo "usage: $0 [DEB]" >&2; exit 2; }
    ((EUID == 0)) || die "must run as root"
    for tool in systemd-nspawn unshare nsenter systemd-id128 curl python3 timeout dpkg-deb; do
        command -v "$tool" >/dev/null || die "missing tool: $tool"
    done
    debs=$(mktemp -d /tmp/twowayd-deb-test.XXXXXX)
    trap 'rm -rf "$debs"' EXIT
    if (($# == 1)); then
        first=$(realpath -e -- "$1" 2>/dev/null) || die "no such package: $1"
    else
        echo "# building the package: scripts/build-deb.sh"
        build_log=$("$repo/scripts/build-deb.sh" 2>&1) || { echo "$build_log" | diag; die "scripts/build-deb.sh failed"; }
        first=$(tail -1 <<< "$build_log")
    fi
    version=$(dpkg-deb -f "$first" Version) || die "not a Debian package: $first"
    upgrade_version=$version+test1
    build_log=$("$repo/scripts/build-deb.sh" --skip-build --no-lintian --version "$upgrade_version" \
        --output "$debs" 2>&1) || { echo "$build_log" | diag; die "the upgrade build ($upgrade_version) failed"; }
    second=$(tail -1 <<< "$build_log")
    cp "$first" "$debs/" || die "cannot copy $first"
    echo "# packages: $(basename "$first"), $(basename "$second")"

    ct_outer "$self" "${TWOWAYD_DT_TIMEOUT:-300}" TWOWAYD_DT_DEBS="$debs" \
        TWOWAYD_DT_FIRST="$(basename "$first")" TWOWAYD_DT_SECOND="$(basename "$second")" \
        TWOWAYD_DT_VERSION="$version" TWOWAYD_DT_UPGRADE_VERSION="$upgrade_version"
    exit $?
fi

# ---------------------------------------------------------------------------------------------
# Inner stage: PID 1 of a private PID namespace with a private mount namespace.
# ---------------------------------------------------------------------------------------------
version=$TWOWAYD_DT_VERSION
upgrade_version=$TWOWAYD_DT_UPGRADE_VERSION
ct_init
ct_prepare_root
# Nothing of twowayd may come from the host image: the package must bring all of it.
rm -rf "$merged"/usr/bin/twowayd "$merged"/usr/bin/twowayctl "$merged"/lib/systemd/system/twowayd* \
    "$merged"/usr/lib/sysusers.d/twowayd.conf "$merged"/etc/systemd/system/*.wants/twowayd* \
    "$merged"/usr/share/doc/twowayd
userdel --root "$merged" twowayd 2>/dev/null
# A container image's policy-rc.d (Docker's exits 101: "start nothing") would keep postinst from
# starting the sockets; this container is a booted system, where packages start their services.
rm -f "$merged/usr/sbin/policy-rc.d"
groupdel --root "$merged" twowayd 2>/dev/null
# The packages, readable by apt's unprivileged _apt user.
inbox=/var/cache/twowayd-test
install -d -m 0755 "$merged$inbox"
install -m 0644 "$TWOWAYD_DT_DEBS/$TWOWAYD_DT_FIRST" "$TWOWAYD_DT_DEBS/$TWOWAYD_DT_SECOND" "$merged$inbox/"
echo "# $(systemd-nspawn --version | head -1)"
ct_boot "$repo"

# apt_get ARGS…: apt-get in the container, non-interactive, output kept in $apt_out.
apt_out=
apt_get() {
    apt_out=$(T=180 ct env DEBIAN_FRONTEND=noninteractive apt-get -y -q "$@" 2>&1 < /dev/null)
}
# as_admin COMMAND…: runs COMMAND as vetadmin, a member of group twowayd.
as_admin() {
    local practice_env=()
    [[ -n ${practice:-} ]] && practice_env=(TWOWAYCTL_PRACTICE="$practice")
    T=40 ct runuser -u vetadmin -- env "${practice_env[@]}" "$@"
}
package_state() { T=10 ct dpkg-query -W -f '${db:Status-Abbrev}${Version}' twowayd 2>/dev/null; }
is_ready() { [[ $(prop ActiveState) == active && $(prop StatusText) == ready* ]]; }
# mode_of PATH: "owner:group mode" of PATH in the container.
mode_of() { T=5 ct stat -c '%U:%G %a' "$1" 2>/dev/null || echo missing; }
sockets="twowayd-http.socket twowayd-api.socket twowayd-control.socket"
# shellcheck disable=SC2086  # $sockets is a list of unit names
sockets_state() { T=10 ct systemctl "$1" $sockets 2>/dev/null | tr '\n' ' '; }

# --- 1. install ---------------------------------------------------------------------------------
apt_get install "$inbox/$TWOWAYD_DT_FIRST"; rc=$?
state=$(package_state)
if ((rc == 0)) && [[ $state == "ii $version" ]] && ! grep -qE '^(E:|dpkg: error)' <<< "$apt_out"; then
    ok "apt-get install ./$TWOWAYD_DT_FIRST: installed ($state), offline"
else
    echo "$apt_out" | tail -30 | diag
    not_ok "apt-get install ./$TWOWAYD_DT_FIRST (rc $rc, state \"$state\")"
fi
grep -E '^(W:|N:)' <<< "$apt_out" | diag

# --- 2. what postinst did -----------------------------------------------------------------------
user=$(T=5 ct getent passwd twowayd)
uid=$(cut -d: -f3 <<< "$user")
group=$(T=5 ct getent group twowayd)
conffiles=$(T=5 ct dpkg-query -W -f '${Conffiles}' twowayd 2>/dev/null | awk 'NF {print $1}' | sort | tr '\n' ' ')
state_dir=$(mode_of /var/lib/twowayd)
secrets_dir=$(mode_of /etc/twowayd/credentials)
enabled=$(sockets_state is-enabled)
listening=$(sockets_state is-active)
service=$(T=5 ct systemctl is-enabled twowayd.service 2>/dev/null)/$(prop ActiveState)
if [[ $uid =~ ^[0-9]+$ ]] && ((uid < 1000)) && [[ -n $group && $state_dir == "twowayd:twowayd 750" \
    && $secrets_dir == "root:root 700" \
    && $conffiles == "/etc/twowayd/content-policy.json /etc/twowayd/twowayd.json " \
    && $enabled == "enabled enabled enabled " && $listening == "active active active " \
    && $service == enabled/inactive ]]; then
    ok "postinst: system user twowayd (uid $uid), /var/lib/twowayd $state_dir, credentials $secrets_dir, conffiles $conffiles, sockets enabled and listening, service enabled, not started"
else
    not_ok "postinst: user \"$user\", group \"$group\", /var/lib/twowayd $state_dir, credentials $secrets_dir, conffiles \"$conffiles\", sockets enabled \"$enabled\" active \"$listening\", service $service"
fi

# --- 3. socket activation by twowayctl, as a member of group twowayd ----------------------------
T=10 ct useradd --create-home --groups twowayd vetadmin
T=10 ct useradd --create-home outsider
status_out=$(as_admin twowayctl status 2>&1); status_rc=$?
outsider_out=$(T=40 ct runuser -u outsider -- twowayctl status 2>&1); outsider_rc=$?
if ((status_rc == 0)) && [[ $status_out == "twowayd ${version%%-*}"* ]] && poll 10 is_ready \
    && [[ $(prop TriggeredBy) == *twowayd-control.socket* ]] && ((outsider_rc != 0)); then
    ok "socket activation: twowayctl status as vetadmin (group twowayd) started the service, READY (\"$(prop StatusText)\"); outsider refused"
else
    echo "$status_out" | diag
    echo "# outsider (rc $outsider_rc): $outsider_out"
    not_ok "twowayctl status as vetadmin (rc $status_rc), service $(prop ActiveState) \"$(prop StatusText)\", outsider rc $outsider_rc"
fi

# --- 4. data before the upgrade -----------------------------------------------------------------
practice=
setup_out=$(as_admin twowayctl practice add --json --name "Package Test Clinic" --country US \
    --time-zone America/Chicago --practice-phone "+13125550100" --emergency-phone "+13125550199" 2>&1)
practice=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])' <<< "$setup_out" 2>/dev/null)
number=
conversation=
if [[ $practice =~ ^[0-9]+$ ]]; then
    setup_out+=$'\n'$(as_admin twowayctl app-chat enable 2>&1)
    number_out=$(as_admin twowayctl number request --json 2>&1)
    number=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["number"]["number"])' <<< "$number_out" 2>/dev/null)
    setup_out+=$'\n'$number_out$'\n'$(as_admin twowayctl texting enable 2>&1)
    start_out=$(as_admin twowayctl conversation start --json --to "+13125550142" --first Pat --last Owner \
        --title "Package test" --message "Hello from the package test" 2>&1)
    conversation=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["conversation"])' <<< "$start_out" 2>/dev/null)
    setup_out+=$'\n'$start_out
fi
code=$(http POST http://127.0.0.1:8080/twilio/sms --data-urlencode "From=+13125550142" \
    --data-urlencode "To=$number" --data-urlencode "Body=kept across the upgrade" -d "MessageSid=SMdebtest1")
# messages CONVERSATION: the bodies of its messages, one per line, as vetadmin sees them.
messages() {
    as_admin twowayctl conversation show --json "$1" 2>/dev/null \
        | python3 -c 'import json, sys; [print(m["body"]) for m in json.load(sys.stdin)["messages"]]' 2>/dev/null
}
both_messages() { [[ $(messages "$conversation") == $'Hello from the package test\nkept across the upgrade' ]]; }
python3 - "$merged/etc/twowayd/twowayd.json" <<'EOF'
import json, sys
path = sys.argv[1]
with open(path) as f:
    config = json.load(f)
config["logLevel"] = "debug"
with open(path, "w") as f:  # in place: keeps owner and mode
    json.dump(config, f, indent=2)
    f.write("\n")
EOF
edited_sum=$(md5sum < "$merged/etc/twowayd/twowayd.json")
T=5 ct sh -c 'umask 077; echo "kept until purge" > /etc/twowayd/credentials/operator-note'
if [[ $conversation =~ ^[0-9]+$ && $code == 200 ]] && poll 10 both_messages; then
    ok "data: practice $practice, number $number, conversation $conversation with an outbound and an inbound message; twowayd.json edited (logLevel debug), a secret added"
else
    echo "$setup_out" | diag
    not_ok "data: practice \"$practice\", number \"$number\", conversation \"$conversation\", webhook HTTP $code, messages: $(messages "$conversation" | tr '\n' '|')"
fi

# --- 5. upgrade ---------------------------------------------------------------------------------
pid_before=$(prop MainPID)
apt_get install "$inbox/$TWOWAYD_DT_SECOND"; rc=$?
state=$(package_state)
restarted() { local pid; pid=$(prop MainPID); [[ $pid != 0 && $pid != "$pid_before" ]] && is_ready; }
pid_after=
exe=
running_new_binary() {
    pid_after=$(prop MainPID)
    exe=$(T=5 ct readlink "/proc/$pid_after/exe" 2>/dev/null)
    [[ $exe == /usr/bin/twowayd ]]
}
leftovers=$(T=5 ct sh -c 'ls /etc/twowayd/*.dpkg-* 2>/dev/null')
if ((rc == 0)) && [[ $state == "ii $upgrade_version" ]] && poll 15 restarted && running_new_binary \
    && both_messages && [[ $(md5sum < "$merged/etc/twowayd/twowayd.json") == "$edited_sum" && -z $leftovers ]] \
    && [[ $(sockets_state is-active) == "active active active " ]] && as_admin twowayctl status >/dev/null 2>&1; then
    ok "upgrade to $upgrade_version: service restarted (MainPID $pid_before -> $pid_after, $exe), conversation $conversation and its 2 messages kept, edited twowayd.json kept"
else
    echo "$apt_out" | tail -30 | diag
    not_ok "upgrade (rc $rc, state \"$state\", MainPID $pid_before -> $(prop MainPID) exe \"$exe\", messages: $(messages "$conversation" | tr '\n' '|'), twowayd.json $( [[ $(md5sum < "$merged/etc/twowayd/twowayd.json") == "$edited_sum" ]] && echo kept || echo changed), leftovers \"$leftovers\")"
fi

# --- 6. remove ----------------------------------------------------------------------------------
apt_get remove twowayd; rc=$?
state=$(package_state)
kept=$(T=5 ct sh -c 'for f in /var/lib/twowayd/twowayd.sqlite /etc/twowayd/twowayd.json /etc/twowayd/credentials/operator-note; do [ -f "$f" ] && echo "$f"; done' | wc -l)
gone=$(T=5 ct sh -c 'for f in /usr/bin/twowayd /usr/bin/twowayctl /lib/systemd/system/twowayd.service; do [ -e "$f" ] || echo "$f"; done' | wc -l)
units=$(T=10 ct systemctl is-active twowayd.service $sockets 2>/dev/null | sort -u | tr '\n' ' ')
code=$(http GET http://127.0.0.1:8080/health)
if ((rc == 0)) && [[ $state == "rc $upgrade_version" && $kept == 3 && $gone == 3 && $units == "inactive " \
    && $code == 000 ]] && T=5 ct getent passwd twowayd >/dev/null; then
    ok "apt-get remove: service and sockets stopped, binaries and units gone; database, twowayd.json, secrets and user twowayd kept"
else
    echo "$apt_out" | tail -20 | diag
    not_ok "apt-get remove (rc $rc, state \"$state\", $kept of 3 files kept, $gone of 3 files gone, units \"$units\", GET /health $code)"
fi

# --- 7. purge -----------------------------------------------------------------------------------
apt_get purge twowayd; rc=$?
state=$(package_state)
# (twowayd-test.target is the test's own unit, not the package's.)
left=$(T=10 ct sh -c 'ls -d /var/lib/twowayd /etc/twowayd /usr/share/doc/twowayd /usr/lib/sysusers.d/twowayd.conf \
    /usr/bin/twowayd /lib/systemd/system/twowayd* /etc/systemd/system/twowayd.service* \
    /etc/systemd/system/twowayd-*.socket* /etc/systemd/system/*/twowayd* 2>/dev/null' | tr '\n' ' ')
identities=$( { T=5 ct getent passwd twowayd; T=5 ct getent group twowayd; } | cut -d: -f1 | tr '\n' ' ')
unit_files=$(T=10 ct systemctl list-unit-files --no-legend 'twowayd.service' 'twowayd-*.socket' 2>/dev/null | wc -l)
if ((rc == 0)) && [[ -z $state || $state == "un "* || $state == "pn "* ]] && [[ -z $left && -z $identities ]] \
    && ((unit_files == 0)); then
    ok "apt-get purge: user and group twowayd, /var/lib/twowayd, /etc/twowayd, unit files and links gone"
else
    echo "$apt_out" | tail -20 | diag
    not_ok "apt-get purge (rc $rc, state \"$state\", left: \"$left\", users/groups: \"$identities\", unit files: $unit_files)"
fi

if [[ -n ${TWOWAYD_CT_VERBOSE:-} ]]; then
    echo "# --- console ---"; diag < "$work/console.log"
    echo "# --- journal ---"; T=10 ct journalctl --no-pager -u twowayd -o short-monotonic | diag
fi
shutdown_container
echo "# finished in $((SECONDS - started)) s"
echo "$passed passed, $failed failed"
((passed == total_checks && failed == 0))
