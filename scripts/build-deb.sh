#!/usr/bin/env bash
# Builds the Debian package of twowayd: out/deb/twowayd_<version>_<arch>.deb.
#
#   scripts/build-deb.sh [--version VERSION] [--output DIR] [--skip-build] [--no-lintian]
#
#   --version     the package version (default: the daemon's version from
#                 Sources/Daemon/Startup/TwowayDaemon.swift with the Debian revision of the newest
#                 entry of packaging/debian/changelog for it, else "-1": 0.1.0-1). A version
#                 without its own changelog entry gets one ("Rebuilt from commit …"), so an
#                 upgrade can be built as, say, 0.1.0-1+test1.
#   --output      where the .deb goes (default: out/deb in the repository).
#   --skip-build  use the binaries and man pages of the last build (.build-release/deb-bin, deb-man).
#   --no-lintian  do not run lintian (by default any lintian error fails the build).
#
# What it does: builds twowayd and twowayctl in release mode with the Swift runtime linked in
# (--static-swift-stdlib, no RUNPATH: the package needs no Swift toolchain), generates
# twowayctl's man pages (swift-argument-parser's generate-manual, the tool of the plugin that
# `make install` runs),
# stages the install with scripts/install.sh --destdir (the same layout as `make install`), adds
# twowayd.8 (packaging/man), the copyright file and changelog.Debian.gz, strips the binaries,
# writes DEBIAN/ (control with Depends from dpkg-shlibdeps, conffiles = every file under /etc,
# md5sums, the maintainer scripts of packaging/debian) and builds with
# `dpkg-deb --root-owner-group`. File times are clamped to the last commit's time.
# Installs dpkg-dev and lintian with apt-get when they are missing (as root).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
packaging=$repo/packaging
scratch=$repo/.build-release
version=
output=$repo/out/deb
skip_build=no
run_lintian=yes

die() { echo "build-deb.sh: $*" >&2; exit 1; }
say() { echo "build-deb.sh: $*"; }

while (($#)); do
    case $1 in
        --version) (($# >= 2)) || die "--version needs a value"; version=$2; shift 2 ;;
        --output) (($# >= 2)) || die "--output needs a value"; output=$2; shift 2 ;;
        --skip-build) skip_build=yes; shift ;;
        --no-lintian) run_lintian=no; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
done
umask 022
cd "$repo"

# --- tools ------------------------------------------------------------------------------------
missing=()
command -v dpkg-shlibdeps >/dev/null || missing+=(dpkg-dev)
[[ $run_lintian == yes ]] && ! command -v lintian >/dev/null && missing+=(lintian)
if ((${#missing[@]})); then
    ((EUID == 0)) || die "missing ${missing[*]}: apt-get install ${missing[*]}"
    say "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
        || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
             apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; } \
        || die "could not install ${missing[*]}"
fi
for tool in dpkg-deb dpkg-shlibdeps strip gzip md5sum; do
    command -v "$tool" >/dev/null || die "missing tool: $tool"
done

# --- version ----------------------------------------------------------------------------------
source_file=Sources/Daemon/Startup/TwowayDaemon.swift
upstream=$(sed -n 's/^ *public static let version = "\([^"]*\)".*/\1/p' "$source_file")
[[ $upstream =~ ^[0-9][0-9A-Za-z.+~]*$ ]] || die "no version found in $source_file"
changelog=$packaging/debian/changelog
if [[ -z $version ]]; then
    version=$(sed -n "s/^twowayd (\(${upstream//./\\.}-[^)]*\)).*/\1/p" "$changelog" | head -1)
    [[ -n $version ]] || version=$upstream-1
fi
dpkg --validate-version "$version" 2>/dev/null || die "not a valid Debian version: $version"
[[ $version == "$upstream"-* || $version == "$upstream"+* || $version == "$upstream" ]] \
    || die "version $version does not start with the daemon's version $upstream"
arch=$(dpkg --print-architecture)
commit=$(git -C "$repo" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
dirty=
[[ -n $(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null) ]] && dirty=" (with uncommitted changes)"
# Reproducible times: every file, the changelog's date and dpkg-deb's archive members.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$repo" log -1 --format=%ct 2>/dev/null || date +%s)}
say "twowayd $version ($arch) from commit $commit$dirty"

# --- binaries and man pages -------------------------------------------------------------------
# Other builds may use .build-release without these flags and relink its binaries: the package
# takes copies, kept in $bindir (and reused by --skip-build).
mkdir -p "$scratch"
bindir=$scratch/deb-bin
mandir=$scratch/deb-man
# Immediate binding and read-only relocations, as Debian builds (lintian's hardening checks).
swift_build=(swift build -c release --scratch-path "$scratch" --static-swift-stdlib --disable-local-rpath
             -Xlinker -z -Xlinker relro -Xlinker -z -Xlinker now)
# self_contained FILE: true when FILE needs neither a RUNPATH nor the toolchain's libswift*.so.
self_contained() { ! readelf -d "$1" | grep -qE "RUNPATH|RPATH|libswift"; }
# build_product NAME: builds NAME and copies it to $bindir (twice at most: another build may
# relink it in between, or a source may change while it compiles).
build_product() {
    local product=$1 attempt
    for attempt in 1 2; do
        say "${swift_build[*]} --product $product"
        if ! "${swift_build[@]}" --product "$product" > "$scratch/deb-build.log" 2>&1; then
            grep -E "error" "$scratch/deb-build.log" | head -20 >&2
            # A source edited while it compiled (an editor saving) is worth one more try.
            if ((attempt == 1)) && grep -q "was modified during the build" "$scratch/deb-build.log"; then
                continue
            fi
            die "swift build --product $product failed (log: $scratch/deb-build.log)"
        fi
        grep -E "^$repo/Sources/.*warning: " "$scratch/deb-build.log" | sort -u | head -10 >&2 || true
        install -d "$bindir"
        cp -p "$scratch/release/$product" "$bindir/.$product.new"
        if self_contained "$bindir/.$product.new"; then
            mv -f "$bindir/.$product.new" "$bindir/$product"
            return 0
        fi
        say "another build relinked $product without the Swift runtime; building it again"
    done
    rm -f "$bindir/.$product.new"
    die "could not build a self-contained $product"
}
if [[ $skip_build == no ]]; then
    build_product twowayd
    build_product twowayctl
    # The tool behind swift-argument-parser's generate-manual plugin (which `make install` runs),
    # called directly on the release twowayctl: the plugin would first build every product of
    # the package again in .build.
    build_product generate-manual
    rm -rf "$mandir" && mkdir -p "$mandir"
    "$bindir/generate-manual" "$bindir/twowayctl" --multi-page --output-directory "$mandir" \
        --date "$(date -u -d "@$SOURCE_DATE_EPOCH" +%F)" > "$scratch/deb-man.log" 2>&1 \
        || { tail -20 "$scratch/deb-man.log" >&2; die "generate-manual failed"; }
fi
for binary in twowayd twowayctl; do
    [[ -x $bindir/$binary ]] || die "missing $bindir/$binary (run without --skip-build)"
    self_contained "$bindir/$binary" || die "$bindir/$binary needs the Swift toolchain (run without --skip-build)"
done
compgen -G "$mandir/*.1" >/dev/null || die "no man pages in $mandir (run without --skip-build)"
built=$("$bindir/twowayd" --version) || die "$bindir/twowayd does not run"
[[ $built == "twowayd $upstream" ]] || die "$bindir/twowayd says \"$built\", the source says $upstream"

# --- the tree ---------------------------------------------------------------------------------
stage=$(mktemp -d "${TMPDIR:-/tmp}/twowayd-deb.XXXXXX")
trap 'rm -rf "$stage"' EXIT
root=$stage/root
mkdir -p "$root"
"$repo/scripts/install.sh" --destdir "$root" --prefix /usr --binary "$bindir/twowayd" \
    --ctl "$bindir/twowayctl" --man "$mandir" > "$stage/install.log" 2>&1 \
    || { cat "$stage/install.log" >&2; die "scripts/install.sh --destdir failed"; }
grep -q "warning" "$stage/install.log" && grep "warning" "$stage/install.log" >&2
# The secrets folder is made by postinst (root, 0700) and never belongs to the package.
rmdir "$root/etc/twowayd/credentials"
# bash-completion files are sourced, not run: no #! line.
sed -i '1{/^#!/d}' "$root/usr/share/bash-completion/completions/twowayctl"
install -D -m 0644 "$packaging/debian/lintian-overrides" "$root/usr/share/lintian/overrides/twowayd"

# twowayd.8 is installed by scripts/install.sh with the rest.
find "$root/usr/share/man" -type f -name '*.[0-9]' -exec gzip -9n {} +

docdir=$root/usr/share/doc/twowayd
install -d -m 0755 "$docdir"
install -m 0644 "$packaging/debian/copyright" "$docdir/copyright"
{
    if ! grep -q "^twowayd ($version)" "$changelog"; then
        printf 'twowayd (%s) unstable; urgency=medium\n\n' "$version"
        printf '  * Rebuilt from commit %s%s.\n\n' "$commit" "$dirty"
        printf ' -- %s  %s\n\n' "$(sed -n 's/^Maintainer: //p' "$packaging/debian/control")" \
            "$(date -u -R -d "@$SOURCE_DATE_EPOCH")"
    fi
    cat "$changelog"
} | gzip -9n > "$docdir/changelog.Debian.gz"
chmod 0644 "$docdir/changelog.Debian.gz"

# Like dh_strip: no symbol tables or debug sections in the package.
for binary in twowayd twowayctl; do
    strip --strip-unneeded --remove-section=.comment --remove-section=.note "$root/usr/bin/$binary"
done
[[ $("$root/usr/bin/twowayd" --version) == "twowayd $upstream" ]] || die "the stripped twowayd does not run"

# --- DEBIAN/ ----------------------------------------------------------------------------------
control_dir=$root/DEBIAN
install -d -m 0755 "$control_dir"
(cd "$root" && find etc -type f | sort | sed 's|^|/|') > "$control_dir/conffiles"
for script in postinst prerm postrm; do
    install -m 0755 "$packaging/debian/$script" "$control_dir/$script"
done
# dpkg-shlibdeps reads debian/control of a source tree: give it a minimal one.
mkdir -p "$stage/src/debian"
printf 'Source: twowayd\n\nPackage: twowayd\nArchitecture: any\n' > "$stage/src/debian/control"
shlibs=$(cd "$stage/src" && dpkg-shlibdeps -O "-e$root/usr/bin/twowayd" "-e$root/usr/bin/twowayctl" 2>"$stage/shlibdeps.log") \
    || { cat "$stage/shlibdeps.log" >&2; die "dpkg-shlibdeps failed"; }
depends=${shlibs#shlibs:Depends=}
[[ -n $depends && $depends != "$shlibs" ]] || die "dpkg-shlibdeps printed no dependencies: $shlibs"
installed_size=$(du -sk --apparent-size --exclude=DEBIAN "$root" | cut -f1)
sed -e "s|@VERSION@|$version|" -e "s|@ARCH@|$arch|" -e "s|@DEPENDS@|$depends|" \
    -e "s|@INSTALLED_SIZE@|$installed_size|" "$packaging/debian/control" > "$control_dir/control"
! grep -n '@[A-Z_]*@' "$control_dir/control" || die "unsubstituted placeholder in control"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) \
    > "$control_dir/md5sums"
chmod 0644 "$control_dir/control" "$control_dir/conffiles" "$control_dir/md5sums"

find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
mkdir -p "$output"
deb=$output/twowayd_${version}_${arch}.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
say "built $deb ($(du -h "$deb" | cut -f1), Depends: $depends, systemd)"

# --- lintian ----------------------------------------------------------------------------------
if [[ $run_lintian == yes ]]; then
    lintian_rc=0
    lintian --fail-on error --display-info "$deb" > "$stage/lintian.log" 2>&1 || lintian_rc=$?
    grep -v "^running with root privileges" "$stage/lintian.log" | sed 's/^/lintian: /'
    ((lintian_rc == 0)) || die "lintian reports errors (E: above)"
    say "lintian: $(grep -c '^E:' "$stage/lintian.log") errors, $(grep -c '^W:' "$stage/lintian.log") warnings," \
        "overridden (packaging/debian/lintian-overrides): $(grep -v '^#' "$packaging/debian/lintian-overrides" | cut -d' ' -f2 | tr '\n' ' ')"
fi
echo "$deb"
