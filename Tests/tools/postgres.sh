#!/usr/bin/env bash
# A throwaway PostgreSQL for tests, in a temporary directory, as an unprivileged user.
#   postgres.sh up DIR PORT   initdb + start on 127.0.0.1:PORT; prints the URL of database "twowayd"
#   postgres.sh down DIR      stops it and deletes DIR
# Run as root, the server runs as the `postgres` system user (initdb and postgres refuse root);
# otherwise as the caller. Installs Debian's postgresql when missing (root only). fsync is off:
# these are correctness tests, and a kill -9 of a daemon does not touch the server.
set -euo pipefail
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
cmd=${1:?usage: postgres.sh up DIR PORT | down DIR}
dir=${2:?directory}
run() { if [ "$(id -u)" = 0 ]; then /usr/sbin/runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
up)
  port=${3:?port}
  if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
    [ "$(id -u)" = 0 ] || { echo "postgres.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  mkdir -p "$dir/sock"
  # The server user must be able to traverse the parent: add search permission for others only
  # (never take any away: the parent may be /tmp itself).
  if [ "$(id -u)" = 0 ]; then chown -R postgres: "$dir"; chmod o+x "$(dirname "$dir")" 2>/dev/null || true; fi
  chmod 700 "$dir"
  run "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  run "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start -o "-k $dir/sock -p $port \
    -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
    -c max_connections=200" >/dev/null || { tail -20 "$dir/server.log" >&2; exit 1; }
  run "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U postgres twowayd
  echo "postgres://postgres@127.0.0.1:$port/twowayd?sslmode=disable"
  ;;
down)
  [ -d "$dir/data" ] && run "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
*) echo "usage: postgres.sh up DIR PORT | down DIR" >&2; exit 2 ;;
esac
