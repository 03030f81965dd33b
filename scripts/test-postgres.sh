#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite, run by an unprivileged user.
#
#   eval "$(scripts/test-postgres.sh start)"   # prints: export PACTWATCH_TEST_POSTGRES=postgres://…
#   swift test
#   scripts/test-postgres.sh stop
#
# Needs Debian's `postgresql` package (initdb and pg_ctl under /usr/lib/postgresql/*/bin).
# Run as root it runs the server as the `postgres` system user (or `nobody`); run as anyone
# else it runs the server as that user. The cluster lives in $PACTWATCH_PG_DIR
# (default /tmp/pactwatch-pg) and listens on 127.0.0.1:$PACTWATCH_PG_PORT (default 55432).
set -euo pipefail

dir=${PACTWATCH_PG_DIR:-/tmp/pactwatch-pg}
port=${PACTWATCH_PG_PORT:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then
    echo "test-postgres: no PostgreSQL server binaries; install Debian's postgresql package" >&2
    exit 1
fi

as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        local owner=postgres
        id "$owner" >/dev/null 2>&1 || owner=nobody
        chown -R "$owner" "$dir"
        su -s /bin/sh "$owner" -c "$*"
    else
        sh -c "$*"
    fi
}

case "${1:-}" in
start)
    if [[ -d "$dir" ]]; then as_owner "$bin/pg_ctl -D $dir/data -m immediate stop" >/dev/null 2>&1 || true; rm -rf "$dir"; fi
    mkdir -p "$dir"
    printf 'pactwatch\n' >"$dir/password"
    as_owner "$bin/initdb -D $dir/data -U pactwatch --pwfile=$dir/password -A scram-sha-256 -E UTF8 --locale=C.UTF-8" >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    # fsync off: a throwaway cluster for tests, rebuilt every run.
    as_owner "$bin/pg_ctl -D $dir/data -l $dir/server.log -w -t 60 \
        -o '-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200' start" >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    echo "export PACTWATCH_TEST_POSTGRES=postgres://pactwatch:pactwatch@127.0.0.1:$port/postgres"
    ;;
stop)
    [[ -d "$dir/data" ]] && as_owner "$bin/pg_ctl -D $dir/data -m fast stop" >/dev/null
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
