#!/usr/bin/env bash
# Installs twowayd: binaries, systemd units, sysusers snippet, default configuration.
#
#   scripts/install.sh [--prefix /usr] [--destdir DIR] [--binary PATH] [--ctl PATH | --no-ctl]
#
#   --prefix   where the binaries go: $DESTDIR$PREFIX/bin (default /usr). ExecStart= in the
#              installed twowayd.service is rewritten to $PREFIX/bin/twowayd.
#   --destdir  staging root (packaging, container images, tests). Empty = the live system.
#   --binary   the twowayd executable (default: .build/release/twowayd in the repository).
#   --ctl      the twowayctl executable (default: .build/release/twowayctl in the repository).
#   --no-ctl   do not install twowayctl.
#
# Layout under $DESTDIR:
#   $PREFIX/bin/twowayd, $PREFIX/bin/twowayctl           0755
#   /lib/systemd/system/twowayd.service, twowayd-http.socket, twowayd-control.socket   0644
#   /usr/lib/sysusers.d/twowayd.conf                      0644
#   /etc/twowayd/twowayd.json, content-policy.json        0644, only when absent: an
#                                                          operator's files are never
#                                                          overwritten (no secrets in them)
#   /etc/twowayd/credentials/                             0700 root (secrets for LoadCredential=)
#
# With an empty --destdir on a machine where systemd is running it also runs systemd-sysusers
# (creating user/group twowayd) and `systemctl daemon-reload`. It enables and starts nothing.
# Idempotent: running it again updates binaries and units and leaves configuration alone.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prefix=/usr
destdir=
binary=$repo/.build/release/twowayd
ctl=$repo/.build/release/twowayctl
install_ctl=yes

die() { echo "install.sh: $*" >&2; exit 1; }
say() { echo "install.sh: $*"; }

while (($#)); do
    case $1 in
        --prefix) (($# >= 2)) || die "--prefix needs a value"; prefix=$2; shift 2 ;;
        --destdir) (($# >= 2)) || die "--destdir needs a value"; destdir=$2; shift 2 ;;
        --binary) (($# >= 2)) || die "--binary needs a value"; binary=$2; shift 2 ;;
        --ctl) (($# >= 2)) || die "--ctl needs a value"; ctl=$2; shift 2 ;;
        --no-ctl) install_ctl=no; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
done

[[ $prefix == /* ]] || die "--prefix must be absolute: $prefix"
prefix=${prefix%/}
[[ -n $destdir ]] && destdir=$(realpath -m -- "$destdir")
[[ -f $binary && -x $binary ]] || die "twowayd binary not found or not executable: $binary"
if [[ $install_ctl == yes ]]; then
    [[ -f $ctl && -x $ctl ]] || die "twowayctl binary not found or not executable: $ctl (use --no-ctl to skip)"
fi
for f in systemd/twowayd.service systemd/twowayd-http.socket systemd/twowayd-control.socket \
         systemd/sysusers.d/twowayd.conf; do
    [[ -f $repo/$f ]] || die "missing $repo/$f"
done

bindir=$destdir$prefix/bin
unitdir=$destdir/lib/systemd/system
sysusersdir=$destdir/usr/lib/sysusers.d
confdir=$destdir/etc/twowayd

# Binaries: copy to a temporary name, then rename, so a running daemon keeps its old inode.
install_binary() {
    local source=$1 name=$2
    install -d -m 0755 "$bindir"
    install -m 0755 "$source" "$bindir/.$name.new"
    mv -f "$bindir/.$name.new" "$bindir/$name"
    say "installed $bindir/$name"
}
install_binary "$binary" twowayd
[[ $install_ctl == yes ]] && install_binary "$ctl" twowayctl

# Units, with ExecStart= pointing at the installed binary.
install -d -m 0755 "$unitdir"
sed "s|^ExecStart=/usr/bin/twowayd\$|ExecStart=$prefix/bin/twowayd|" \
    "$repo/systemd/twowayd.service" > "$unitdir/.twowayd.service.new"
grep -qx "ExecStart=$prefix/bin/twowayd" "$unitdir/.twowayd.service.new" \
    || die "could not rewrite ExecStart= in twowayd.service"
chmod 0644 "$unitdir/.twowayd.service.new"
mv -f "$unitdir/.twowayd.service.new" "$unitdir/twowayd.service"
for unit in twowayd-http.socket twowayd-control.socket; do
    install -m 0644 "$repo/systemd/$unit" "$unitdir/$unit"
done
say "installed units in $unitdir"

install -d -m 0755 "$sysusersdir"
install -m 0644 "$repo/systemd/sysusers.d/twowayd.conf" "$sysusersdir/twowayd.conf"
say "installed $sysusersdir/twowayd.conf"

live_systemd=no
if [[ -z $destdir && -d /run/systemd/system ]]; then
    live_systemd=yes
    # Creates user and group twowayd now, so the configuration can be given to the group.
    systemd-sysusers "$sysusersdir/twowayd.conf"
    say "ran systemd-sysusers (user and group twowayd)"
fi

# Files are root's; ownership is only set when running as root (a packager may not be).
as_root=()
((EUID == 0)) && as_root=(-o root -g root)

# Configuration: never overwrite what is there. It holds no secrets (those go through
# credentials/), so it is world-readable like most of /etc; the daemon only reads it.
install -d -m 0755 "${as_root[@]}" "$confdir"
install_config() {
    local source=$1 target=$confdir/$2
    if [[ -e $target ]]; then
        say "kept existing $target"
    elif [[ -f $source ]]; then
        install -m 0644 "${as_root[@]}" "$source" "$target"
        say "installed $target"
    else
        die "missing $source (and no $target to keep)"
    fi
}
install_config "$repo/Config/twowayd.json" twowayd.json
install_config "$repo/Config/content-policy.json" content-policy.json

# Secrets directory read by LoadCredential= (as root); the daemon never reads it directly.
install -d -m 0700 "${as_root[@]}" "$confdir/credentials"
say "credentials directory $confdir/credentials (0700)"

if [[ $live_systemd == yes ]]; then
    systemctl daemon-reload
    say "ran systemctl daemon-reload"
    say "enable with: systemctl enable --now twowayd-http.socket twowayd-control.socket twowayd.service"
fi
say "done"
