# Shared by the tests that boot real systemd as PID 1 in systemd-nspawn on a throwaway overlay of
# the host root (container-test.sh, deb-test.sh). Sourced, not run. The sourcing script defines
# die (print a reason, exit non-zero) and runs in two stages:
#
#   outer stage (the caller, as root):  ct_outer SCRIPT TIMEOUT [VAR=VALUE…]
#       runs `bash SCRIPT` again with TWOWAYD_CT_STAGE=inner and the given variables, in a cgroup
#       of its own and in private mount and PID namespaces, bounded by TIMEOUT seconds; removes
#       the cgroups afterwards and returns the inner stage's exit status.
#   inner stage:  ct_init, ct_prepare_root, (install something into $merged), ct_boot, checks
#       with ct/prop/poll/http/ok/not_ok, shutdown_container. The EXIT trap tears down the
#       container, the overlay and /run.
#
# Check lines are `ok - …`/`not ok - …` unless the caller sets CT_PASS/CT_FAIL (e.g. PASS/FAIL).

# --- outer stage --------------------------------------------------------------------------------

# ct_outer SCRIPT TIMEOUT [VAR=VALUE…]: see above.
ct_outer() {
    local script=$1 timeout=$2 root cg rc hierarchy
    shift 2
    local cgname="twowayd-ct-$$"
    local cgroups=()
    # nspawn --keep-unit runs the container in the caller's cgroup: give it one of its own.
    for hierarchy in systemd unified; do
        root=/sys/fs/cgroup/$hierarchy
        [[ -d $root ]] || continue
        mkdir "$root/$cgname" || die "cannot create cgroup $root/$cgname"
        cgroups+=("$root/$cgname")
    done
    # cgroup v2 only (no hybrid): the single hierarchy is /sys/fs/cgroup itself.
    if ((${#cgroups[@]} == 0)) && [[ -f /sys/fs/cgroup/cgroup.procs ]]; then
        mkdir "/sys/fs/cgroup/$cgname" || die "cannot create cgroup /sys/fs/cgroup/$cgname"
        cgroups+=("/sys/fs/cgroup/$cgname")
    fi

    (
        for cg in "${cgroups[@]}"; do echo 0 > "$cg/cgroup.procs"; done
        exec timeout --kill-after=5 "$timeout" \
            unshare --mount --pid --fork --kill-child --mount-proc --propagation private \
            env TWOWAYD_CT_STAGE=inner "$@" bash "$script"
    )
    rc=$?
    ((rc == 124 || rc == 137)) && echo "Bail out! $(basename "$script") timed out after ${timeout}s"

    # The PID namespace is gone, so every process has been killed; cgroups empty out a moment
    # later. Remove them deepest first.
    for cg in "${cgroups[@]}"; do
        for _ in $(seq 50); do
            find "$cg" -depth -type d -exec rmdir {} \; 2>/dev/null
            [[ -d $cg ]] || break
            sleep 0.1
        done
        [[ -d $cg ]] && echo "# warning: could not remove cgroup $cg"
    done
    return "$rc"
}

# --- inner stage --------------------------------------------------------------------------------

# ct_init: counters, a tmpfs on /run, the overlay of / at $merged (work files in $work), and the
# EXIT trap that tears everything down.
ct_init() {
    started=$SECONDS
    passed=0
    failed=0
    nspawn_pid=
    leader=
    mount -t tmpfs -o mode=0755 tmpfs /run || die "cannot mount tmpfs on /run"
    work=/run/twowayd-ct
    mkdir -p "$work/upper" "$work/work" "$work/merged"
    merged=$work/merged
    mount -t overlay overlay -o "lowerdir=/,upperdir=$work/upper,workdir=$work/work" "$merged" \
        || die "cannot mount overlay of / (overlayfs)"
    trap cleanup EXIT
}

shutdown_container() {
    if [[ -n $nspawn_pid ]] && kill -0 "$nspawn_pid" 2>/dev/null; then
        kill -TERM "$nspawn_pid" 2>/dev/null
        for _ in $(seq 100); do
            kill -0 "$nspawn_pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$nspawn_pid" 2>/dev/null; then
            echo "# container did not power off within 10 s; killing it"
            kill -KILL "$nspawn_pid" 2>/dev/null
        fi
        wait "$nspawn_pid" 2>/dev/null
    fi
    nspawn_pid=
}
cleanup() {
    shutdown_container
    umount -l "$merged" 2>/dev/null
    umount -l /run 2>/dev/null
}

# ct_prepare_root: a fresh machine id, units the test does not want masked, the small target
# the container boots into, and no twowayd left over from the host image.
ct_prepare_root() {
    systemd-id128 new > "$merged/etc/machine-id"
    mkdir -p "$merged/etc/systemd/system"
    local unit
    for unit in timers.target systemd-timesyncd.service systemd-pstore.service postgresql.service; do
        ln -sfn /dev/null "$merged/etc/systemd/system/$unit"
    done
    # Anything the host image enabled in sockets.target would start at boot; the test's own
    # units start only when a check starts them (or a package's postinst does).
    cat > "$merged/etc/systemd/system/twowayd-test.target" <<'EOF'
[Unit]
Description=twowayd container test
Requires=basic.target
After=basic.target
AllowIsolate=yes
EOF
    # Start from a clean slate even if the host itself has twowayd installed.
    rm -rf "$merged/etc/twowayd" "$merged/var/lib/twowayd" "$merged/etc/systemd/system/twowayd.service.d"
}

# ct_boot REPO: boots the overlay (the checkout REPO bound read-only at /opt/twowayd-src: it may
# live under /tmp, which the booted system covers with its own tmpfs), finds the container's
# leader process and waits until systemd inside is up.
ct_boot() {
    local repo=$1 state
    systemd-nspawn --quiet --directory="$merged" --boot --register=no --keep-unit --private-network \
        --bind-ro="$repo:/opt/twowayd-src" --console=read-only --machine="twowayd-ct-$$" \
        systemd.unit=twowayd-test.target > "$work/console.log" 2>&1 < /dev/null &
    nspawn_pid=$!
    my_pidns=$(readlink /proc/self/ns/pid)
    poll 15 find_leader || { diag < "$work/console.log"; die "container leader not found"; }
    poll 15 test -S "/proc/$leader/root/run/systemd/private" \
        || { diag < "$work/console.log"; die "systemd in the container did not come up"; }
    state=$(T=30 ct systemctl is-system-running --wait 2>&1)
    echo "# container booted in $((SECONDS - started)) s (system state: $state)"
    if [[ $state != running ]]; then
        T=10 ct systemctl --no-pager --failed 2>&1 | diag
    fi
}
# nspawn's first child is a short-lived helper; the leader is the child in another PID namespace.
find_leader() {
    local child
    for child in $(pgrep -P "$nspawn_pid"); do
        if [[ $(readlink "/proc/$child/ns/pid" 2>/dev/null) != "$my_pidns" && -n $(readlink "/proc/$child/ns/pid" 2>/dev/null) ]]; then
            leader=$child
            return 0
        fi
    done
    return 1
}

# Runs a command inside the container (bounded: 30 s unless T= is given).
ct() {
    timeout --kill-after=2 "${T:-30}" \
        nsenter --target "$leader" --mount --uts --ipc --net --pid --cgroup -- "$@"
}
# Prints text indented as TAP diagnostics.
diag() { sed 's/^/#   /'; }
unit_diagnostics() {
    echo "#   --- systemctl status ${1:-twowayd} ---"
    T=10 ct systemctl status --no-pager --full -n 0 "${1:-twowayd}" 2>&1 | diag
    echo "#   --- journalctl -u twowayd (last 25) ---"
    T=10 ct journalctl --no-pager -u twowayd -n 25 -o short-monotonic 2>&1 | diag
}
ok() { passed=$((passed + 1)); echo "${CT_PASS:-ok} - $*"; }
not_ok() { failed=$((failed + 1)); echo "${CT_FAIL:-not ok} - $*"; unit_diagnostics; }
prop() { T=10 ct systemctl show -P "$1" "${2:-twowayd}" 2>/dev/null; }
# poll SECONDS COMMAND…: runs COMMAND every 0.2 s until it succeeds or time runs out.
poll() {
    local deadline=$((SECONDS + $1)); shift
    while true; do
        "$@" && return 0
        ((SECONDS >= deadline)) && return 1
        sleep 0.2
    done
}
# journal_has MATCH…: true when `journalctl -u twowayd MATCH… -o json` has an entry.
journal_has() { [[ -n $(T=10 ct journalctl --no-pager -u twowayd "$@" -o json 2>/dev/null) ]]; }
# http METHOD URL [curl args…]: prints the HTTP status code (000 when no answer).
http() {
    local method=$1 url=$2; shift 2
    T=20 ct curl -s -o /dev/null -w '%{http_code}' --max-time 15 -X "$method" "$@" "$url" 2>/dev/null \
        || true
}
